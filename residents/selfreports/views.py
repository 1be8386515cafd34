"""The public self-report page (TRK-5) and the staff's list where reports are confirmed as
online feedback or dismissed. The public page answers the same whether or not the identity
matched; it is rate-limited per address like every public form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import policies_for
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.common.ratelimit import limit_public_submissions
from residents.selfreports import selectors, services
from residents.selfreports.forms import HandleForm, SelfReportForm

PAGE_SIZE = 50


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_public_submissions("self_report")
def self_report(request):
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_report_submit(**form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            # The same answer whether or not the ID number and phone matched a resident.
            return redirect("self_report_done")
    return render(request, "residents/selfreports/report.html", {"form": form})


@login_not_required
@require_GET
def self_report_done(request):
    return render(request, "residents/selfreports/done.html")


def _list_page(request, failed: dict | None = None, status: int = 200):
    require_perm(request.user, "residents.view_selfreport")
    reports = selectors.self_reports_visible_to(request.user).order_by("status", "submitted_at")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    residents = list({r.resident_id: r.resident for r in rows}.values())
    policies = policies_for(request.user, residents)
    record_reads(
        actor=request.user, residents=residents,
        field_groups={FieldGroup.BASIC, FieldGroup.FEEDBACK},
        purpose=ReadPurpose.SELF_REPORTS, request=request,
    )
    failed = failed or {}
    return render(
        request, "residents/selfreports/list.html",
        {
            "page": page,
            "rows": [
                {
                    "report": r,
                    "name": policies[r.resident_id].display_value(r.resident, "name"),
                    "form": failed.get(r.pk) or HandleForm(prefix=f"report-{r.pk}"),
                }
                for r in rows
            ],
            "can_handle": request.user.has_perm("residents.change_selfreport"),
        },
        status=status,
    )


@require_GET
def self_report_list(request):
    return _list_page(request)


def _handle(request, report_pk: int, service, success: str):
    require_perm(request.user, "residents.change_selfreport")
    report = selectors.self_report_for_user(request.user, report_pk)
    form = HandleForm(request.POST, prefix=f"report-{report.pk}")
    if form.is_valid():
        try:
            service(report=report, note=form.cleaned_data["note"], actor=request.user)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, success)
            return redirect("residents:self_report_list")
    return _list_page(request, failed={report.pk: form})


@require_POST
def self_report_confirm(request, report_pk: int):
    return _handle(
        request, report_pk, services.self_report_confirm,
        _("The report was confirmed and recorded as online feedback."),
    )


@require_POST
def self_report_dismiss(request, report_pk: int):
    return _handle(request, report_pk, services.self_report_dismiss, _("The report was dismissed."))
