"""Taking survey responses and keeping the questions (SUP-7)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from casework.models import QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

TEXT_MAX = 1000


def survey_submit(*, answers: dict[int, object], consent: bool) -> SurveyResponse:
    """Store one response: `answers` maps active question ids to a score (1–5 for a rating,
    True/False for yes or no) or a text. Unanswered questions are left out; nothing else of
    the sender is kept."""
    if not consent:
        raise ActionRefused(
            _("Tick the box to agree that your answers are used for the statistics."),
            field="consent",
        )
    questions = {q.pk: q for q in SurveyQuestion.objects.filter(active=True, pk__in=answers)}
    rows = []
    for pk, value in answers.items():
        question = questions.get(pk)
        if question is None or value in (None, ""):
            continue
        if question.kind == QuestionKind.RATING:
            if value not in (1, 2, 3, 4, 5):
                raise ActionRefused(_("Choose one of the five levels."), field=f"q{pk}")
            rows.append(SurveyAnswer(question=question, score=value))
        elif question.kind == QuestionKind.YES_NO:
            rows.append(SurveyAnswer(question=question, score=1 if value else 0))
        else:
            rows.append(SurveyAnswer(question=question, text=str(value).strip()[:TEXT_MAX]))
    if not rows:
        raise ActionRefused(_("Answer at least one question."))
    with transaction.atomic():
        response = SurveyResponse.objects.create()
        for row in rows:
            row.response = response
        SurveyAnswer.objects.bulk_create(rows)
    return response


def survey_question_save(*, actor, text: str, kind: str, position: int = 0,
                         active: bool = True,
                         question: SurveyQuestion | None = None) -> SurveyQuestion:
    require_perm(actor, "casework.change_surveyquestion" if question
                 else "casework.add_surveyquestion")
    with transaction.atomic():
        if question is not None:
            question = SurveyQuestion.objects.select_for_update().get(pk=question.pk)
            if question.kind != kind and question.answers.exists():
                # Past answers would no longer fit the question they count under.
                raise ActionRefused(
                    _("This question has answers: its kind of answer cannot change. Retire it "
                      "and add a new one."),
                    field="kind",
                )
        else:
            question = SurveyQuestion()
        question.text, question.kind = text, kind
        question.position, question.active = position, active
        question.full_clean()
        question.save()
    return question
