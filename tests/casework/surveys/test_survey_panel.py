"""The survey panel of the dashboard (SUP-7): forms received and rating answers by level with
their average, against the answers it counts; figures only, never the free texts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import QuestionKind, SurveyQuestion
from casework.surveys.dashboard import count_surveys
from casework.surveys.services import survey_submit
from residents import roles
from residents.dashboards.periods import Period
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    rating = SurveyQuestion.objects.create(text="窗口服务满意吗", kind=QuestionKind.RATING)
    other = SurveyQuestion.objects.create(text="环境满意吗", kind=QuestionKind.RATING)
    text = SurveyQuestion.objects.create(text="您的建议", kind=QuestionKind.TEXT)
    survey_submit(answers={rating.pk: 5, other.pk: 4, text.pk: "秘密建议内容"}, consent=True)
    survey_submit(answers={rating.pk: 2}, consent=True)
    return Period.containing("month", timezone.localdate())


def test_the_panel_counts_forms_and_rating_answers_by_level(answered):
    counts = count_surveys(answered)
    assert counts["responses"] == 2
    assert (counts["5"], counts["4"], counts["3"], counts["2"], counts["1"]) == (1, 1, 0, 1, 0)
    assert counts["average"] == round((5 + 4 + 2) / 3, 2)
    assert count_surveys(answered.previous)["responses"] == 0


def test_the_dashboard_shows_the_survey_panel_with_its_chart_and_link(answered):
    manager = make_user(roles.MANAGER)
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("residents:dashboard"))
    page = response.content.decode()
    assert 'id="panel-surveys"' in page and 'id="chart-surveys-title"' in page
    assert reverse("casework:survey_summary") in page
    panel = next(p for s in response.context["sections"] for p in s["panels"]
                 if p["key"] == "surveys")
    assert {row["key"]: row["current"] for row in panel["rows"]}["responses"] == 2
    assert "秘密建议内容" not in page
