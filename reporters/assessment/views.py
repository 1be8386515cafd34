"""Pages of the half-yearly assessment, the rewards (with the honour certificate) and the
penalties."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.assessment import selectors, services
from reporters.assessment.forms import OpenForm, PenaltyForm, RewardForm, ScoreForm
from reporters.assessment.metrics import metrics_of
from reporters.models import ReporterProfile, RewardKind
from reporters.pages import pdf_download
from reporters.profiles.selectors import is_reporter_staff
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def assessment_list(request, open_form=None):
    user = request.user
    if not (user.has_perm("reporters.file_report") or is_reporter_staff(user)):
        raise PermissionDenied
    return render(request, "reporters/assessment_list.html", {
        "assessments": selectors.assessments_for(user)[:200],
        "peer_assessments": [
            (assessment, ScoreForm(prefix=f"peer{assessment.pk}"))
            for assessment in selectors.peer_assessments_for(user)
        ],
        "open_form": open_form or (OpenForm() if user.has_perm(MANAGE) else None),
    })


@require_POST
def assessment_open(request):
    require_perm(request.user, MANAGE)
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            count = services.assessments_open(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("%(count)s assessments are opened.") % {"count": count})
            return redirect("reporters:assessment_list")
    return assessment_list(request, open_form=form)


def _page(request, assessment, **forms):
    user = request.user
    metrics = assessment.metrics
    if not assessment.is_final:
        profile = ReporterProfile.objects.get(user_id=assessment.reporter_id)
        metrics = metrics_of(reporter_id=assessment.reporter_id, began=profile.started_on,
                             year=assessment.year, half=assessment.half)
    context = {
        "assessment": assessment, "metrics": metrics,
        "peer_scores": assessment.peer_scores.select_related("scorer"),
        "manages": user.has_perm(MANAGE),
    }
    if not assessment.is_final:
        if assessment.reporter_id == user.pk:
            context["self_form"] = forms.get("self_form") or ScoreForm(
                prefix="self", initial={"score": assessment.self_score,
                                        "comment": assessment.self_comment})
        if user.has_perm(MANAGE) and assessment.reporter_id != user.pk:
            context["supervisor_form"] = forms.get("supervisor_form") or ScoreForm(
                prefix="supervisor", initial={"score": assessment.supervisor_score,
                                              "comment": assessment.supervisor_comment})
    return render(request, "reporters/assessment_detail.html", context)


def assessment_detail(request, pk: int):
    return _page(request, selectors.assessment_for_user(request.user, pk))


def _score(request, assessment, prefix, service, success, again):
    form = ScoreForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(actor=request.user, assessment=assessment, **form.cleaned_data)
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return again(None)
            add_refusal(form, refused)
        else:
            messages.success(request, success)
            return again(None)
    return again(form)


@require_POST
def assessment_self(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)

    def again(form):
        if form is None:
            return redirect("reporters:assessment_detail", pk=assessment.pk)
        return _page(request, assessment, self_form=form)

    return _score(request, assessment, "self", services.assessment_self,
                  _("Your self assessment is saved."), again)


@require_POST
def assessment_supervisor(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    require_perm(request.user, MANAGE)

    def again(form):
        if form is None:
            return redirect("reporters:assessment_detail", pk=assessment.pk)
        return _page(request, assessment, supervisor_form=form)

    return _score(request, assessment, "supervisor", services.assessment_supervisor,
                  _("The supervisor score is saved."), again)


@require_POST
def assessment_peer(request, pk: int):
    assessment = selectors.peer_assessments_for(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404

    def again(form):
        if form is not None:
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[field].label}: {error}"
                                   if field in form.fields else error)
        return redirect("reporters:assessment_list")

    return _score(request, assessment, f"peer{assessment.pk}", services.assessment_peer,
                  _("Your score for a member of your group is saved."), again)


@require_POST
def assessment_finalise(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    require_perm(request.user, MANAGE)
    try:
        services.assessment_finalise(actor=request.user, assessment=assessment)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The assessment is final."))
    return redirect("reporters:assessment_detail", pk=assessment.pk)


def _work_file_of(user_id: int):
    profile = ReporterProfile.objects.filter(user_id=user_id).first()
    if profile is None:
        return redirect("reporters:reporter_list")
    return redirect("reporters:reporter_detail", pk=profile.pk)


@require_http_methods(["GET", "POST"])
def reward_new(request):
    require_perm(request.user, MANAGE)
    form = RewardForm(request.POST if request.method == "POST" else None,
                      initial={"reporter": request.GET.get("reporter")})
    if form.is_bound and form.is_valid():
        try:
            reward = services.reward_grant(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The reward is recorded."))
            return _work_file_of(reward.reporter_id)
    return render(request, "reporters/reward_new.html", {"form": form})


@require_POST
def reward_certificate(request, pk: int):
    """The honour certificate (荣誉证书) as a PDF: for managers and the reporter."""
    reward = selectors.reward_for_user(request.user, pk)
    if reward.kind != RewardKind.CERTIFICATE:
        raise Http404
    if not (request.user.has_perm(MANAGE) or reward.reporter_id == request.user.pk):
        raise PermissionDenied
    pdf = render_pdf(template="reporters/pdf/certificate.html", context={"reward": reward})
    return pdf_download(pdf, f"certificate-{reward.certificate_number}.pdf")


@require_http_methods(["GET", "POST"])
def penalty_new(request):
    require_perm(request.user, MANAGE)
    form = PenaltyForm(request.POST if request.method == "POST" else None,
                       initial={"reporter": request.GET.get("reporter")})
    if form.is_bound and form.is_valid():
        try:
            penalty = services.penalty_decide(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The penalty is recorded."))
            return _work_file_of(penalty.reporter_id)
    return render(request, "reporters/penalty_new.html", {"form": form})
