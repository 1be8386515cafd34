"""Half-yearly assessment (REP-8), rewards and penalties (REP-15)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Competent")
    FAIL = "fail", _("Not competent")


class Assessment(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_assessments",
        verbose_name=_("reporter"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half of the year"), choices=[(1, "1"), (2, "2")])
    self_score = models.DecimalField(
        _("self score"), max_digits=4, decimal_places=1, null=True, blank=True, validators=SCORE
    )
    self_comment = models.TextField(_("self assessment"), max_length=2000, blank=True)
    supervisor_score = models.DecimalField(
        _("supervisor score"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=SCORE,
    )
    supervisor_comment = models.TextField(_("supervisor's comment"), max_length=2000, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("supervisor"),
    )
    metrics = models.JSONField(_("metrics from the data"), default=dict, blank=True)
    total_score = models.DecimalField(
        _("total score"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("half-yearly assessment")
        verbose_name_plural = _("half-yearly assessments")
        ordering = ["-year", "-half", "reporter__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "year", "half"], name="reporters_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class PeerScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="peer_scores",
        verbose_name=_("assessment"),
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("scored by"),
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, validators=SCORE)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("peer score")
        verbose_name_plural = _("peer scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "scorer"], name="reporters_peer_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.score}"


class RewardKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Honour certificate")
    BONUS = "bonus", _("Bonus")
    MATERIAL = "material", _("Material reward")


class Reward(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_rewards",
        verbose_name=_("reporter"),
    )
    kind = models.CharField(_("kind of reward"), max_length=20, choices=RewardKind.choices)
    reason = models.TextField(_("for what"), max_length=1000)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    item = models.CharField(_("what is given"), max_length=200, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    certificate_number = models.CharField(_("certificate number"), max_length=20, blank=True)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="rewards",
        verbose_name=_("assessment"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.awarded_on}"


class PenaltyKind(models.TextChoices):
    CRITICISM = "criticism", _("Criticism and education")
    REASSIGNMENT = "reassignment", _("Reassignment")
    REVOCATION = "revocation", _("Revocation of reporter status")


class PenaltyGround(models.TextChoices):
    FALSE_INFORMATION = "false_information", _("False information")
    DELAYED_REPORT = "delayed_report", _("Delayed report")
    LEAK = "leak", _("Leak of information")


class Penalty(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_penalties",
        verbose_name=_("reporter"),
    )
    kind = models.CharField(_("kind of penalty"), max_length=20, choices=PenaltyKind.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=PenaltyGround.choices)
    details = models.TextField(_("what happened"), max_length=2000)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"
