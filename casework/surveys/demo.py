"""Demo survey responses spread over the past months, so the summary has figures."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from casework.models import QuestionKind, SurveyQuestion, SurveyResponse
from casework.surveys import services
from residents.models import Resident

TEXTS = ["希望增加周末办理时间", "工作人员态度很好", "", "", "排队时间有点长", ""]


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if SurveyResponse.objects.exists():
        return 0
    questions = list(SurveyQuestion.objects.filter(active=True))
    now = timezone.now()
    for index in range(40):
        answers = {}
        for question in questions:
            if question.kind == QuestionKind.RATING:
                answers[question.pk] = rng.choices([5, 4, 3, 2, 1], weights=[5, 4, 2, 1, 0.5])[0]
            elif question.kind == QuestionKind.YES_NO:
                answers[question.pk] = rng.random() < 0.85
            else:
                answers[question.pk] = TEXTS[index % len(TEXTS)]
        response = services.survey_submit(answers=answers, consent=True)
        response.submitted_at = now - datetime.timedelta(days=rng.randint(0, 300))
        response.save(update_fields=["submitted_at"])
    return 40
