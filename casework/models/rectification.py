"""Rectification (整改, SUP-5, SAF-2): a case of kind "rectification" on the one engine, with
what it answers (an inspection finding, a safety record's findings, or a finding typed in), the
requirements and the deadline. The responsible person is the case's handler; the deadline is the
case's due date, so overdue rectifications show wherever overdue cases do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class Rectification(models.Model):
    case = models.OneToOneField(
        "casework.Case", on_delete=models.PROTECT, related_name="rectification",
        verbose_name=_("case"),
    )
    # One rectification per finding: the unique one-to-one keeps a double submit from opening two.
    finding = models.OneToOneField(
        "casework.InspectionFinding", on_delete=models.PROTECT, null=True, blank=True,
        related_name="rectification", verbose_name=_("inspection finding"),
    )
    safety_record = models.OneToOneField(
        "casework.SafetyRecord", on_delete=models.PROTECT, null=True, blank=True,
        related_name="rectification", verbose_name=_("safety record"),
    )
    # The finding as it stood when the rectification was issued (the source may be edited later).
    finding_text = models.TextField(_("finding to rectify"))
    requirements = models.TextField(_("rectification requirements"))
    # The department, eatery or team that must rectify, when not only the responsible person.
    unit = models.CharField(_("rectifying unit"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"))

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-pk"]
        default_permissions = ("add", "view")
        permissions = [
            ("check_rectification", _("Can check and close a rectification")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finding__isnull=True) | models.Q(safety_record__isnull=True),
                name="rectification_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"Rectification #{self.pk}"
