"""Assessment of staff and windows (SUP-3, SUP-6) and the annual evaluation (SUP-2).

Managers keep the standards, one row per grade: the thresholds a line must meet for that grade.
The figures themselves are counted from the cases; only what the data cannot tell is kept here:
which staff member or window a complaint is about, and the year's improvement proposals.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    PASS = "pass", _("Pass (合格)")
    FAIL = "fail", _("Fail (不合格)")


class AssessmentStandard(models.Model):
    """The thresholds of one grade; an empty threshold is not checked for that grade."""

    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, unique=True)
    min_on_time_percent = models.DecimalField(
        _("on time at least (%)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    min_satisfaction = models.DecimalField(
        _("average satisfaction at least (1–5)"), max_digits=3, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    max_complaints = models.PositiveSmallIntegerField(
        _("complaints at most"), null=True, blank=True
    )
    max_errors = models.PositiveSmallIntegerField(
        _("errors returned at most"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment standard")
        verbose_name_plural = _("assessment standards")
        ordering = ["pk"]
        default_permissions = ("change", "view")
        permissions = [
            ("view_assessment", _("Can read the assessment of every staff member and window")),
            ("view_own_assessment", _("Can read their own assessment line")),
        ]

    def __str__(self) -> str:
        return f"Assessment standard {self.grade}"


class ComplaintAttribution(models.Model):
    """Which staff member or window a complaint is about, as a manager found it."""

    complaint = models.OneToOneField(
        "casework.Case", verbose_name=_("complaint"), on_delete=models.PROTECT,
        related_name="attribution",
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    window = models.ForeignKey(
        "casework.ServiceWindow", verbose_name=_("window"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint attribution")
        verbose_name_plural = _("complaint attributions")
        ordering = ["-recorded_at", "-pk"]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff_member__isnull=False) | models.Q(window__isnull=False),
                name="attribution_names_staff_or_window",
            ),
        ]

    def __str__(self) -> str:
        return f"Complaint attribution #{self.pk}"


class AnnualProposal(models.Model):
    """The managers' improvement proposals of one year's evaluation (SUP-2)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    proposals = models.TextField(_("improvement proposals"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("annual improvement proposals")
        verbose_name_plural = _("annual improvement proposals")
        ordering = ["-year"]
        default_permissions = ("change", "view")

    def __str__(self) -> str:
        return f"Annual proposals {self.year}"
