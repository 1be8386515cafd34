"""The affairs catalogue (AFF-1): what the service window handles; published as the guide."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class Eligibility(models.TextChoices):
    """Who may use a service or catalogue item (CLS-5)."""

    ALL = "all", _("All residents")
    REGISTERED = "registered", _("Registered residents (户籍) only")


class AffairItem(models.Model):
    name = models.CharField(_("affair"), max_length=100, unique=True)
    legal_basis = models.TextField(_("legal basis"))
    # One material per line: the acceptance checklist and the one-time notice list them all.
    materials = models.TextField(_("required materials"), help_text=_("One material per line."))
    procedure = models.TextField(_("procedure"), help_text=_("The steps, one per line."))
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    needs_second_review = models.BooleanField(_("needs a second review"), default=False)
    # 低保, 特困, disability, serious illness: a case of this item tells the resident's economic
    # or health status, so its details show only to its handlers and to managers (AFF-7).
    reveals_status = models.BooleanField(
        _("reveals economic or health status"), default=False
    )
    # The business department that gives the initial review (AFF-3).
    department = models.ForeignKey(
        "casework.Department", on_delete=models.PROTECT, null=True, blank=True,
        related_name="items", verbose_name=_("business department (initial review)"),
    )
    eligibility = models.CharField(
        _("who may apply"), max_length=20, choices=Eligibility.choices, default=Eligibility.ALL
    )
    # Time nodes (AFF-8): each review step's own limit inside the item's; 0 = none of its own.
    initial_review_days = models.PositiveSmallIntegerField(
        _("initial review limit (working days)"), default=0
    )
    second_review_days = models.PositiveSmallIntegerField(
        _("second review limit (working days)"), default=0
    )
    approval_days = models.PositiveSmallIntegerField(
        _("approval limit (working days)"), default=0
    )
    # Retired items stay for the cases that used them but are no longer offered or published.
    is_active = models.BooleanField(_("offered"), default=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("affair item")
        verbose_name_plural = _("affair items")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def material_names(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    @property
    def procedure_steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]
