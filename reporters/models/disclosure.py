"""External disclosure of report information (REP-9): nothing leaves without an approved
request naming the recipient, the purpose and the reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class DisclosureRequest(models.Model):
    recipient = models.CharField(_("recipient outside the centre"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=2000)
    content = models.TextField(_("what information is given"), max_length=2000)
    reports = models.ManyToManyField(
        "reporters.Report", related_name="disclosures", verbose_name=_("reports")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DisclosureStatus.choices,
        default=DisclosureStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), max_length=1000, blank=True)
    released_at = models.DateTimeField(_("last given out at"), null=True, blank=True)
    release_count = models.PositiveIntegerField(_("times given out"), default=0)

    class Meta:
        verbose_name = _("external disclosure request")
        verbose_name_plural = _("external disclosure requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("approve_disclosure", _("Can approve the external disclosure of report information")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.recipient}"
