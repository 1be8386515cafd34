"""Satisfaction surveys (SUP-7): the public form, the summary beside the return visits, and the
questions managers keep."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.models import QuestionKind, SurveyQuestion
from casework.surveys import selectors, services
from casework.surveys.forms import SurveyForm, SurveyQuestionForm
from residents.common.errors import ActionRefused
from residents.common.forms import HONEYPOT_FIELD, add_refusal
from residents.common.permissions import require_perm
from residents.common.ratelimit import limit_public_submissions


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_public_submissions("survey")
def survey_new(request):
    form = SurveyForm(request.POST or None,
                      questions=SurveyQuestion.objects.filter(active=True))
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            return redirect("public:survey_done")
        if form.is_valid():
            try:
                services.survey_submit(answers=form.answers(),
                                       consent=form.cleaned_data["consent"])
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                return redirect("public:survey_done")
    return render(request, "casework/surveys/survey_form.html", {"form": form})


@login_not_required
@require_GET
def survey_done(request):
    return render(request, "casework/surveys/survey_done.html")


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


@require_GET
def survey_summary(request):
    require_perm(request.user, "casework.view_surveyresponse")
    year = _year(request)
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = selectors.question_summary(start, end)
    # Free texts may name people: the supervision group reads figures only (SUP-8).
    shows_texts = request.user.has_perm("casework.change_surveyquestion")
    if shows_texts:
        for row in rows:
            if row["question"].kind == QuestionKind.TEXT:
                row["texts"] = selectors.recent_texts(row["question"], start, end)
    return render(request, "casework/surveys/summary.html", {
        "year": year, "years": range(timezone.localdate().year, 2019, -1), "rows": rows,
        "visits": selectors.return_visit_summary(start, end),
        "may_edit": request.user.has_perm("casework.change_surveyquestion"),
    })


@require_http_methods(["GET", "POST"])
def survey_questions(request):
    require_perm(request.user, "casework.view_surveyquestion")
    question = None
    if request.GET.get("edit", "").isdigit():
        question = get_object_or_404(SurveyQuestion, pk=request.GET["edit"])
    initial = {} if question is None else {
        "text": question.text, "kind": question.kind, "position": question.position,
        "active": question.active,
    }
    form = SurveyQuestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_perm(request.user, "casework.change_surveyquestion")
        if form.is_valid():
            try:
                saved = services.survey_question_save(actor=request.user, question=question,
                                                      **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Question saved: %(text)s") % {"text": saved})
                return redirect("casework:survey_questions")
    return render(request, "casework/surveys/questions.html", {
        "questions": SurveyQuestion.objects.all(), "form": form, "editing": question,
    })
