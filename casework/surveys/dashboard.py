"""The survey panel of the dashboard (SUP-7, item 9): responses to the public survey form and the
answers to its satisfaction questions by level, with their average — figures only, never the
free texts. One aggregate query; registered from CaseworkConfig.ready()."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.models import QuestionKind, Satisfaction, SurveyAnswer, SurveyResponse
from residents.dashboards.periods import Period
from residents.dashboards.registry import CASES, SCORE, Panel, Row, dashboard_panel

RESPONSES = "responses"
AVERAGE = "average"


def count_surveys(period: Period) -> dict:
    start, end = period.bounds()
    rating = Q(question__kind=QuestionKind.RATING, score__isnull=False)
    counts = SurveyAnswer.objects.order_by().filter(
        response__submitted_at__gte=start, response__submitted_at__lt=end
    ).aggregate(
        average=Avg("score", filter=rating),
        **{str(value): Count("pk", filter=rating & Q(score=value))
           for value in Satisfaction.values},
    )
    counts[AVERAGE] = round(counts[AVERAGE], 2) if counts[AVERAGE] is not None else None
    counts[RESPONSES] = SurveyResponse.objects.order_by().filter(
        submitted_at__gte=start, submitted_at__lt=end
    ).count()
    return counts


def _rows(period: Period) -> list[Row]:
    return [
        Row(RESPONSES, _("Survey forms received")),
        *[Row(str(value), label) for value, label in Satisfaction.choices],
        Row(AVERAGE, _("Average rating (1–5)"), unit=SCORE),
    ]


def _link(user, key: str) -> str | None:
    if not user.has_perm("casework.view_surveyresponse"):
        return None
    return reverse("casework:survey_summary")


def register_panel() -> None:
    dashboard_panel(Panel(
        key="surveys", title=_("Satisfaction surveys"), section=CASES, order=145,
        count=count_surveys, rows=_rows, link=_link,
        note=_("Forms received in the period, and the answers to its rating questions by "
               "level."),
    ))
