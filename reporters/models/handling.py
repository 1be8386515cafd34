"""What handling an approved report opened (REP-6): a case in casework (a complaint or
suggestion, a rectification) or a resident emergency in tracking — or the existing
rectification it was linked to. One per report: opening twice opens nothing new."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class ReportCase(models.Model):
    report = models.OneToOneField(
        "reporters.Report", on_delete=models.PROTECT, related_name="handling_case",
        verbose_name=_("information report"),
    )
    # Several reports may name the same hazard: they link to one rectification.
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True,
        related_name="origin_reports", verbose_name=_("case"),
    )
    emergency = models.OneToOneField(
        "residents.Emergency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="origin_report", verbose_name=_("emergency"),
    )
    # Linked to a case already open (a safety record's rectification) rather than opened.
    linked = models.BooleanField(_("linked to an existing case"), default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case opened from a report")
        verbose_name_plural = _("cases opened from reports")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, emergency__isnull=True)
                | Q(case__isnull=True, emergency__isnull=False),
                name="report_case_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Report case #{self.pk}"
