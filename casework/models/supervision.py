"""Supervision of the information work (SUP-1, SUP-5, SUP-6): inspections with their checklist,
unannounced spot checks, and accountability records.

None of it is resident data: findings describe the work (a register incomplete, re-checks late),
and the forms ask staff not to write residents' personal information into them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChecklistItem(models.Model):
    """One point every inspection judges; managers keep the list."""

    title = models.CharField(_("checkpoint"), max_length=100, unique=True)
    guidance = models.CharField(_("what to look at"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("inspection checkpoint")
        verbose_name_plural = _("inspection checkpoints")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class InspectionKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly inspection")
    SPOT_CHECK = "spot_check", _("Unannounced spot check")


class Inspection(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    # The quarter a quarterly inspection covers; spot checks belong to the quarter they fall in.
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspected by"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        default_permissions = ("add", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], condition=Q(kind="quarterly"),
                name="one_quarterly_inspection_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"Inspection #{self.pk}"


class FindingResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("inspection result", "Passed")
    PROBLEM = "problem", pgettext_lazy("inspection result", "Problem found")
    NOT_CHECKED = "not_checked", pgettext_lazy("inspection result", "Not checked")


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
        related_name="findings",
    )
    # The checkpoint's title is copied: later edits of the checklist do not rewrite history.
    checkpoint = models.CharField(_("checkpoint"), max_length=100)
    result = models.CharField(_("result"), max_length=20, choices=FindingResult.choices)
    finding = models.TextField(_("finding"), blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Finding #{self.pk}"


class AccountabilityLevel(models.TextChoices):
    STAFF = "staff", _("Staff member")
    DEPARTMENT = "department", _("Department")
    COMMUNITY = "community", _("Community")


class AccountabilityMeasure(models.TextChoices):
    CRITICISM = "criticism", _("Criticism and education")
    ADMONISHMENT = "admonishment", _("Admonishment talk")
    FINANCIAL = "financial", _("Financial penalty")
    NOTICE = "notice", _("Circulated notice of criticism")
    OTHER = "other", _("Other measure")


class AccountabilityRecord(models.Model):
    """责任追究: who is held accountable, the measure, its grounds, who decided (SUP-6)."""

    level = models.CharField(_("level"), max_length=20, choices=AccountabilityLevel.choices)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # The department or community held accountable, when not one staff member.
    unit = models.CharField(_("department or community"), max_length=100, blank=True)
    measure = models.CharField(_("measure"), max_length=20, choices=AccountabilityMeasure.choices)
    grounds = models.TextField(_("grounds"))
    decided_by = models.CharField(_("decided by"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-pk"]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="staff", staff_member__isnull=False)
                | (~Q(level="staff") & ~Q(unit="")),
                name="accountability_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Accountability record #{self.pk}"
