"""Archive access applications (查阅申请表) and the supervised viewing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.applications import services
from archives.applications.forms import ApplicationForm, ApproveForm, RejectForm
from archives.applications.selectors import applications_for, open_application
from archives.purposes import ArchivePurpose
from archives.volumes.selectors import index_rows
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm


def application_list(request):
    require_perm(request.user, "archives.add_accessapplication")
    return render(request, "archives/application_list.html", {
        "applications": applications_for(request.user)[:200],
    })


def application_create(request):
    require_perm(request.user, "archives.add_accessapplication")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user, purpose=form.cleaned_data["purpose"],
                volumes=form.cleaned_data["volumes"],
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Application submitted."))
            return redirect("archives:application_detail", pk=application.pk)
    return render(request, "archives/application_form.html", {"form": form})


def _application(request, pk: int):
    require_perm(request.user, "archives.add_accessapplication")
    return get_object_or_404(applications_for(request.user), pk=pk)


def application_detail(request, pk: int, *, approve_form=None, reject_form=None, status=200):
    application = _application(request, pk)
    can_decide = (
        request.user.has_perm("archives.approve_accessapplication")
        and application.applicant_id != request.user.pk
        and application.status == "requested"
    )
    return render(request, "archives/application_detail.html", {
        "application": application,
        "volumes": application.volumes.all(),
        "approve_form": approve_form or (ApproveForm() if can_decide else None),
        "reject_form": reject_form or (RejectForm() if can_decide else None),
        "in_window": open_application(request.user, application.pk) is not None,
    }, status=status)


@require_POST
def application_approve(request, pk: int):
    require_perm(request.user, "archives.approve_accessapplication")
    application = _application(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.application_approve(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Application approved."))
            return redirect("archives:application_detail", pk=pk)
    return application_detail(request, pk, approve_form=form, status=200)


@require_POST
def application_reject(request, pk: int):
    require_perm(request.user, "archives.approve_accessapplication")
    application = _application(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.application_reject(
                application=application, actor=request.user, note=form.cleaned_data["note"]
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Application rejected."))
            return redirect("archives:application_detail", pk=pk)
    return application_detail(request, pk, reject_form=form, status=200)


def application_pdf(request, pk: int):
    application = _application(request, pk)
    pdf = render_pdf(template="archives/pdf/application.html", context={
        "application": application, "volumes": application.volumes.all(),
        "printed_at": timezone.localtime(),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="application-{application.pk}.pdf"'
    return response


def application_view(request, pk: int):
    """The approved volumes, read-only, only within the window; every view is recorded."""
    require_perm(request.user, "archives.add_accessapplication")
    application = open_application(request.user, pk)
    if application is None:
        raise Http404
    items = index_rows(application.volumes.filter(destroyed_at__isnull=True))
    residents = [item.resident for item in items if item.resident is not None]
    if residents:
        record_reads(
            actor=request.user, residents=residents, field_groups=["basic"],
            purpose=ArchivePurpose.ARCHIVE_VIEWING, request=request,
            extra={"application": application.pk},
        )
    return render(request, "archives/application_view.html", {
        "application": application, "items": items,
    })
