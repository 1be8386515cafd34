"""The whistle-blowing channel (举报, SUP-7): reports about staff or the centre's work, separate
from complaints, read and handled by the supervision group and auditors only.

A report may be anonymous. Nothing of it appears in case lists, work lists, the resident's
timeline or any page front desk or managers open: it may be about them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WhistleblowingSequence(models.Model):
    """The last number given to a report in one year (locked while numbering)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class WhistleblowingChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    HOTLINE = "hotline", _("By the hotline")
    LETTER = "letter", _("By letter")


class WhistleblowingStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("whistle-blowing status", "Received")
    INVESTIGATING = "investigating", pgettext_lazy("whistle-blowing status", "Under investigation")
    CONCLUDED = "concluded", pgettext_lazy("whistle-blowing status", "Concluded")
    DISMISSED = "dismissed", pgettext_lazy("whistle-blowing status", "Not taken up")


class WhistleblowingReport(models.Model):
    number = models.CharField(_("report number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=WhistleblowingChannel.choices)
    about = models.CharField(_("who or what is reported"), max_length=200)
    content = models.TextField(_("what happened"))
    # Empty for an anonymous report.
    reporter_name = models.CharField(_("whistle-blower's name"), max_length=50, blank=True)
    reporter_contact = models.CharField(_("whistle-blower's contact"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=WhistleblowingStatus.choices,
        default=WhistleblowingStatus.RECEIVED,
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # Empty for reports sent through the public form.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("whistle-blowing report")
        verbose_name_plural = _("whistle-blowing reports")
        ordering = ["-received_at", "-pk"]
        default_permissions = ("add", "view")
        permissions = [("handle_whistleblowingreport", _("Can handle whistle-blowing reports"))]

    def __str__(self) -> str:
        return self.number


class WhistleblowingStep(models.Model):
    report = models.ForeignKey(
        WhistleblowingReport, verbose_name=_("whistle-blowing report"), on_delete=models.PROTECT,
        related_name="steps",
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    acted_at = models.DateTimeField(_("acted at"), default=timezone.now)

    class Meta:
        verbose_name = _("whistle-blowing step")
        verbose_name_plural = _("whistle-blowing steps")
        ordering = ["acted_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.report_id}: {self.action}"
