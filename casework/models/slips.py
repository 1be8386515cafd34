"""Printed casework slips (DESIGN.md, Printing): who printed which slip of which case, when.

The content hash and the verification code printed on the paper tie the paper to this row;
signing by the applicant is tracked here too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class CaseSlipKind(models.TextChoices):
    UPDATE_CONFIRMATION = "update_confirmation", _("Update confirmation slip")
    QUERY_RESULT = "query_result", _("Query result slip")
    ONE_TIME_NOTICE = "one_time_notice", _("One-time notice of missing materials")
    ACCEPTANCE_RECEIPT = "acceptance_receipt", _("Acceptance receipt")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")


class CaseSlip(models.Model):
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="slips", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CaseSlipKind.choices)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("printed by"),
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)
    content_hash = models.CharField(max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=12, unique=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("signature recorded by"),
    )
    signed_recorded_at = models.DateTimeField(null=True, blank=True)
    # Why this slip was printed again (empty for the first print of its kind for the case).
    reprint_reason = models.CharField(_("reason for printing again"), max_length=200, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("printed case slip")
        verbose_name_plural = _("printed case slips")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"Case slip {self.verification_code}"
