"""Pages of the information reports: list, new, edit, the report page, submitting, and
naming a resident by number."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.documents import serve
from reporters.models import ReportStatus
from reporters.profiles.services import may_file
from reporters.purposes import ReporterPurpose
from reporters.reports import selectors, services
from reporters.reports.forms import AttachForm, LinkForm, ReportForm
from reporters.reports.presentation import NAMED_GROUPS, detail_context
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

FILE = "reporters.file_report"


def _may_list(user) -> bool:
    return (
        user.has_perm(FILE) or user.has_perm("reporters.review_any_report")
        or user.reviewed_work_groups.exists()
    )


def report_list(request):
    if not _may_list(request.user):
        raise PermissionDenied
    reports = selectors.reports_for(request.user)
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return render(request, "reporters/report_list.html", {
        "reports": reports[:200], "status": status, "statuses": ReportStatus.choices,
    })


@require_http_methods(["GET", "POST"])
def report_new(request):
    require_perm(request.user, FILE)
    form = ReportForm(request.POST if request.method == "POST" else None,
                      initial={"category": request.GET.get("category", "")})
    if form.is_bound and form.is_valid():
        try:
            report = services.report_create(actor=request.user, **form.service_arguments())
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Report %(number)s is saved as a draft; check it and "
                                        "submit it.") % {"number": report.number})
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_form.html",
                  {"form": form, "refusal": may_file(request.user), "report": None})


@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = selectors.report_for_user(request.user, pk)
    require_perm(request.user, FILE)
    if report.author_id != request.user.pk:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    initial = {field: getattr(report, field) for field in ReportForm.base_fields}
    form = ReportForm(data, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.service_arguments())
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_form.html",
                  {"form": form, "refusal": may_file(request.user), "report": report})


def report_detail(request, pk: int):
    report = selectors.report_for_user(request.user, pk)
    return render(request, "reporters/report_detail.html", detail_context(request, report))


@require_POST
def report_submit(request, pk: int):
    report = selectors.report_for_user(request.user, pk)
    require_perm(request.user, FILE)
    try:
        report = services.report_submit(actor=request.user, report=report)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Report %(number)s is submitted for review.")
                         % {"number": report.number})
    return redirect("reporters:report_detail", pk=report.pk)


@require_POST
def report_link(request, pk: int):
    report = selectors.report_for_user(request.user, pk)
    require_perm(request.user, FILE)
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            link = services.resident_link(
                actor=request.user, report=report, number=form.cleaned_data["number"],
                request=request,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            record_reads(
                actor=request.user, residents=[link.resident], field_groups=NAMED_GROUPS,
                purpose=ReporterPurpose.REPORT_LINK, request=request,
                extra={"report": report.number},
            )
            messages.success(request, _("The resident is named in the report."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, link_form=form))


@require_POST
def report_attach(request, pk: int):
    report = selectors.report_for_user(request.user, pk)
    require_perm(request.user, FILE)
    form = AttachForm(request.POST, request.FILES, prefix="attach")
    if form.is_valid():
        try:
            services.report_attach(
                actor=request.user, report=report, data=form.cleaned_data["file"].read(),
                description=form.cleaned_data["description"],
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The file is attached to the report."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, attach_form=form))


def report_attachment(request, pk: int, attachment_pk: int):
    report = selectors.report_for_user(request.user, pk)
    attachment = report.attachments.select_related("document").filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return serve(
        request, attachment.document, purpose=ReporterPurpose.REPORTER_FILES
    )
