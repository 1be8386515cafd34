"""The reporter register (REP-1, REP-12, REP-15): work groups and each reporter's profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkGroup(models.Model):
    """A work group (工作小组): its members are the profiles naming it; its designated reviewer
    (专人审核) reviews the members' reports, never their own."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="reviewed_work_groups", verbose_name=_("designated reviewer"),
    )
    seal = models.ForeignKey(
        "residents.Document", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("seal image"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReporterStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class ReporterProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_profile",
        verbose_name=_("account"),
    )
    area = models.CharField(_("area covered"), max_length=100)
    group = models.ForeignKey(
        WorkGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name=_("work group"),
    )
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReporterStatus.choices, default=ReporterStatus.ACTIVE
    )
    status_reason = models.CharField(_("reason for the status"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    agreement_printed_at = models.DateTimeField(
        _("confidentiality agreement printed at"), null=True, blank=True
    )
    agreement_signed_on = models.DateField(
        _("confidentiality agreement signed on"), null=True, blank=True
    )
    agreement_scan = models.ForeignKey(
        "residents.Document", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("scan of the signed agreement"),
    )
    seal = models.ForeignKey(
        "residents.Document", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("personal seal image"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        ordering = ["user__username"]
        permissions = [
            ("manage_reporters", _("Can manage the reporter register and work groups")),
            ("file_report", _("Can file information reports")),
            ("review_any_report", _("Can review and handle every information report")),
            ("log_emergency_call", _("Can log a phoned-in emergency report")),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def agreement_signed(self) -> bool:
        return self.agreement_signed_on is not None
