"""Satisfaction surveys (SUP-7): questions managers keep, and the answers residents send through
the public survey form. A response holds no name, contact or other personal data."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Satisfaction (five levels)")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


class SurveyQuestion(models.Model):
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"Survey response #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("survey response"), on_delete=models.CASCADE,
        related_name="answers",
    )
    # Kept when a question is retired, so past answers still count under it.
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT,
        related_name="answers",
    )
    # 1–5 for a rating, 1 (yes) / 0 (no) for a yes-or-no question.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer #{self.pk}"
