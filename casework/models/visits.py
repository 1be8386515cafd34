"""Return visits (AFF-6, CMP-2): the applicant's satisfaction with a finished case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    NOT_SATISFIED = 2, _("Not satisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


# A score at or below this reopens a complaint (CMP-2: not satisfied, handle again).
NOT_SATISFIED_AT_MOST = Satisfaction.NOT_SATISFIED


class ReturnVisit(models.Model):
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="return_visits",
        verbose_name=_("case"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Satisfaction.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("visited by"),
    )
    visited_at = models.DateTimeField(_("visited at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["visited_at", "pk"]

    def __str__(self) -> str:
        return f"Return visit #{self.pk}"
