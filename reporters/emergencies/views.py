"""Pages of the emergency reports: the list, logging a phoned-in report, the emergency page
with the countdown to the written report, the written report and its print."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.documents import data_uri
from reporters.emergencies import selectors, services
from reporters.emergencies.forms import EmergencyCallForm, EmergencyWriteForm
from reporters.models import ReporterProfile
from reporters.pages import pdf_download
from reporters.purposes import ReporterPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm

LOG = "reporters.log_emergency_call"


def emergency_list(request):
    require_perm(request.user, LOG)
    calls = selectors.emergencies_for(request.user)
    which = request.GET.get("which", "")
    if which == "overdue":
        calls = calls.filter(written_at__isnull=True, written_due_at__lt=timezone.now())
    return render(request, "reporters/emergency_list.html",
                  {"calls": calls[:200], "which": which, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
def emergency_new(request):
    require_perm(request.user, LOG)
    form = EmergencyCallForm(request.POST if request.method == "POST" else None,
                             user=request.user)
    if form.is_bound and form.is_valid():
        try:
            call = services.emergency_log_call(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The phoned-in report is logged; the written report is "
                                        "due within the hour."))
            return redirect("reporters:emergency_detail", pk=call.pk)
    return render(request, "reporters/emergency_new.html", {"form": form})


def _page(request, call, form=None):
    may_write = call.written_at is None and (
        call.reporter_id == request.user.pk
        or request.user.has_perm("reporters.manage_reporters")
    )
    if may_write and form is None:
        form = EmergencyWriteForm()
    return render(request, "reporters/emergency_detail.html", {
        "call": call, "form": form if may_write else None,
        "overdue": call.is_overdue(), "seconds_left": call.seconds_left(),
    })


def emergency_detail(request, pk: int):
    return _page(request, selectors.emergency_for_user(request.user, pk))


@require_POST
def emergency_write(request, pk: int):
    call = selectors.emergency_for_user(request.user, pk)
    form = EmergencyWriteForm(request.POST)
    if form.is_valid():
        try:
            services.emergency_write(actor=request.user, call=call, **form.cleaned_data)
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return redirect("reporters:emergency_detail", pk=call.pk)
            add_refusal(form, refused)
        else:
            messages.success(request, _("The written report is filed."))
            return redirect("reporters:emergency_detail", pk=call.pk)
    return _page(request, call, form)


@require_POST
def emergency_print(request, pk: int):
    """The written report on paper, with the group's or the reporter's seal and a signature
    area (REP-12)."""
    call = selectors.emergency_for_user(request.user, pk)
    if call.written_at is None:
        messages.error(request, _("File the written report before printing it."))
        return redirect("reporters:emergency_detail", pk=call.pk)
    profile = ReporterProfile.objects.select_related("group").filter(user=call.reporter).first()
    seal = None
    if profile is not None:
        seal = profile.group.seal if profile.group and profile.group.seal else profile.seal
    pdf = render_pdf(template="reporters/pdf/emergency.html", context={
        "call": call, "profile": profile,
        "seal": data_uri(user=request.user, document=seal,
                         purpose=ReporterPurpose.REPORTER_FILES),
    })
    return pdf_download(pdf, f"emergency-{call.number}.pdf")
