"""Access matrix cases of the satisfaction surveys (SUP-7).

Anyone answers the public survey; managers read the summary and keep the questions.
"""

from __future__ import annotations

from django.urls import reverse

from casework.models import SurveyQuestion
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, Case, _statuses

EVERYONE_OK = _statuses(OK, anonymous=OK)
MANAGERS = dict(manager=OK, designated_manager=OK)


def _answers(w) -> dict:
    first = SurveyQuestion.objects.filter(kind="rating", active=True).first()
    return {f"q{first.pk}": "5", "consent": "on"}


CASES: dict[str, Case] = {
    "public:survey_new": Case(
        "post", lambda w: reverse("public:survey_new"), _statuses(FOUND, anonymous=FOUND),
        _answers,
    ),
    "public:survey_done": Case("get", lambda w: reverse("public:survey_done"), EVERYONE_OK),
    "casework:survey_summary": Case(
        "get", lambda w: reverse("casework:survey_summary"), _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:survey_questions": Case(
        "post", lambda w: reverse("casework:survey_questions"),
        _statuses(FORBIDDEN, manager=FOUND, designated_manager=FOUND),
        lambda w: {"text": "您是否愿意推荐亲友来办事？", "kind": "yes_no", "position": "9",
                   "active": "on"},
    ),
}


def build(world) -> None:
    """Nothing to add: the survey's questions come with the migrations."""
