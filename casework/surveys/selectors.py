"""The survey summary: figures per question for a period, and the return visits beside them.
Counted in SQL (GROUP BY), never row by row."""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, Q

from casework.models import QuestionKind, ReturnVisit, Satisfaction, SurveyAnswer, SurveyQuestion


def question_summary(start: datetime.datetime, end: datetime.datetime) -> list[dict]:
    """For each question answered in [start, end) or still in use: answer count, average score
    and the count per level (ratings) or yes / no."""
    in_period = Q(answers__response__submitted_at__gte=start,
                  answers__response__submitted_at__lt=end)
    questions = (
        SurveyQuestion.objects.annotate(
            answered=Count("answers", filter=in_period),
            average=Avg("answers__score", filter=in_period),
        )
        .filter(Q(active=True) | Q(answered__gt=0))
        .order_by("position", "pk")
    )
    levels = {
        (row["question"], row["score"]): row["n"]
        for row in SurveyAnswer.objects.filter(
            response__submitted_at__gte=start, response__submitted_at__lt=end,
            score__isnull=False,
        ).values("question", "score").annotate(n=Count("pk"))
    }
    summary = []
    for question in questions:
        row = {"question": question, "answered": question.answered, "average": question.average}
        if question.kind == QuestionKind.RATING:
            row["levels"] = [(label, levels.get((question.pk, value), 0))
                             for value, label in Satisfaction.choices]
        elif question.kind == QuestionKind.YES_NO:
            row["yes"] = levels.get((question.pk, 1), 0)
            row["no"] = levels.get((question.pk, 0), 0)
        summary.append(row)
    return summary


def recent_texts(question: SurveyQuestion, start, end, limit: int = 20) -> list[str]:
    return list(
        SurveyAnswer.objects.filter(
            question=question, response__submitted_at__gte=start,
            response__submitted_at__lt=end,
        ).exclude(text="").order_by("-response__submitted_at").values_list("text", flat=True)[
            :limit
        ]
    )


def return_visit_summary(start, end) -> dict:
    rows = dict(
        ReturnVisit.objects.filter(visited_at__gte=start, visited_at__lt=end)
        .values_list("satisfaction").annotate(n=Count("pk")).values_list("satisfaction", "n")
    )
    total = sum(rows.values())
    average = (sum(score * n for score, n in rows.items()) / total) if total else None
    return {
        "total": total, "average": average,
        "levels": [(label, rows.get(value, 0)) for value, label in Satisfaction.choices],
    }
