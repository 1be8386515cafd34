"""Pages of the reporter register: the list, registering a reporter, the work file (工作档案),
the confidentiality agreement and the reporter's status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.assessment import selectors as assessment
from reporters.devices.selectors import checks_for
from reporters.documents import serve
from reporters.emergencies.selectors import emergencies_for
from reporters.meetings.selectors import meetings_for
from reporters.models import ReportStatus
from reporters.pages import pdf_download
from reporters.profiles import selectors, services
from reporters.profiles.forms import (
    AgreementSignForm,
    ReporterEditForm,
    ReporterRegisterForm,
    SealForm,
    StatusForm,
)
from reporters.purposes import ReporterPurpose
from reporters.reports.selectors import reports_for
from reporters.tasks.selectors import tasks_for
from reporters.training import selectors as training
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def reporter_list(request):
    profiles = selectors.profiles_for(request.user)
    if not request.user.has_perm(MANAGE) and not request.user.reviewed_work_groups.exists():
        raise PermissionDenied
    return render(request, "reporters/reporter_list.html", {"profiles": profiles})


@require_http_methods(["GET", "POST"])
def reporter_new(request):
    require_perm(request.user, MANAGE)
    form = ReporterRegisterForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            profile = services.reporter_register(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The reporter is registered; print the confidentiality "
                                        "agreement for signing."))
            return redirect("reporters:reporter_detail", pk=profile.pk)
    return render(request, "reporters/reporter_new.html", {"form": form})


def _work_file(user, profile) -> dict:
    reports = reports_for(user).filter(author=profile.user)
    counts = reports.aggregate(
        total=Count("pk", filter=~Q(status=ReportStatus.DRAFT)),
        approved=Count("pk", filter=Q(status__in=[ReportStatus.APPROVED, ReportStatus.HANDLED])),
        returned=Count("reviews", filter=Q(reviews__approved=False)),
    )
    calls = list(emergencies_for(user).filter(reporter=profile.user)[:20])
    late = sum(1 for call in calls if call.is_overdue())
    quarter = training.Quarter.of()
    return {
        "reports": reports[:20], "counts": counts, "calls": calls, "late_calls": late,
        "tasks": tasks_for(user).filter(reporter=profile.user)[:20],
        "training_quarters": [training.compliance_of(profile, quarter),
                              training.compliance_of(profile, quarter.previous)],
        "trainings": training.sessions_for(user).filter(attendances__reporter=profile.user)[:20],
        "assessments": assessment.assessments_for(user).filter(reporter=profile.user)[:10],
        "rewards": assessment.rewards_for(user).filter(reporter=profile.user)[:20],
        "penalties": assessment.penalties_for(user).filter(reporter=profile.user)[:20],
        "checks": checks_for(user).filter(reporter=profile.user)[:20],
        "meetings": meetings_for(user).filter(attendees=profile.user)[:20],
    }


def reporter_detail(request, pk: int):
    profile = selectors.profile_for_user(request.user, pk)
    context = {"profile": profile, "manages": request.user.has_perm(MANAGE),
               **_work_file(request.user, profile)}
    if context["manages"]:
        context.update(
            edit_form=ReporterEditForm(initial={"area": profile.area, "group": profile.group}),
            sign_form=AgreementSignForm(),
            status_form=StatusForm(initial={"status": profile.status}),
            seal_form=SealForm(),
        )
    return render(request, "reporters/reporter_detail.html", context)


def _managed(request, pk: int):
    profile = selectors.profile_for_user(request.user, pk)
    require_perm(request.user, MANAGE)
    return profile


def _again(request, profile, **forms):
    context = {"profile": profile, "manages": True, **_work_file(request.user, profile),
               "edit_form": ReporterEditForm(initial={"area": profile.area,
                                                      "group": profile.group}),
               "sign_form": AgreementSignForm(), "status_form": StatusForm(),
               "seal_form": SealForm(), **forms}
    return render(request, "reporters/reporter_detail.html", context, status=200)


def _act(request, profile, form, key, service, success):
    if form.is_valid():
        try:
            service(**form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, success)
            return redirect("reporters:reporter_detail", pk=profile.pk)
    return _again(request, profile, **{key: form})


@require_POST
def reporter_edit(request, pk: int):
    profile = _managed(request, pk)
    return _act(
        request, profile, ReporterEditForm(request.POST), "edit_form",
        lambda **data: services.reporter_update(actor=request.user, profile=profile, **data),
        _("The reporter's details are saved."),
    )


@require_POST
def agreement_print(request, pk: int):
    profile = _managed(request, pk)
    profile = services.agreement_printed(actor=request.user, profile=profile)
    pdf = render_pdf(
        template="reporters/pdf/agreement.html",
        context={"profile": profile, "today": timezone.localdate()},
    )
    return pdf_download(pdf, f"agreement-{profile.user.username}.pdf")


@require_POST
def agreement_sign(request, pk: int):
    profile = _managed(request, pk)
    return _act(
        request, profile, AgreementSignForm(request.POST, request.FILES), "sign_form",
        lambda signed_on, scan: services.agreement_sign(
            actor=request.user, profile=profile, signed_on=signed_on, scan=scan.read()
        ),
        _("The signed confidentiality agreement is recorded."),
    )


def agreement_scan(request, pk: int):
    """The scan of the signed agreement: for managers and the reporter themself."""
    profile = selectors.profile_for_user(request.user, pk)
    if not (request.user.has_perm(MANAGE) or profile.user_id == request.user.pk):
        raise PermissionDenied
    if profile.agreement_scan is None:
        raise Http404
    return serve(
        request, profile.agreement_scan, purpose=ReporterPurpose.REPORTER_FILES
    )


@require_POST
def reporter_status(request, pk: int):
    profile = _managed(request, pk)
    return _act(
        request, profile, StatusForm(request.POST), "status_form",
        lambda **data: services.reporter_set_status(
            actor=request.user, profile=profile, **data
        ),
        _("The reporter's status is changed."),
    )


@require_POST
def reporter_seal_upload(request, pk: int):
    profile = _managed(request, pk)
    return _act(
        request, profile, SealForm(request.POST, request.FILES), "seal_form",
        lambda seal: services.reporter_seal_set(
            actor=request.user, profile=profile, seal=seal.read()
        ),
        _("The personal seal image is saved."),
    )


def reporter_seal(request, pk: int):
    """The personal seal image: for managers and the reporter themself."""
    profile = selectors.profile_for_user(request.user, pk)
    if not (request.user.has_perm(MANAGE) or profile.user_id == request.user.pk):
        raise PermissionDenied
    if profile.seal is None:
        raise Http404
    return serve(request, profile.seal, purpose=ReporterPurpose.REPORTER_FILES)
