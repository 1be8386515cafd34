"""Volumes (案卷): archives and case files grouped by category, content class and year (ARC-6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArchiveCategory(models.TextChoices):
    """A resident archive's category, derived from the record (ARC-3, ARC-5)."""

    REGISTERED = "registered", _("Registered residents (户籍)")
    NON_REGISTERED = "non_registered", _("Non-registered residents (非户籍)")
    SPECIAL = "special", _("Special circumstances (特殊情况)")
    CASES = "cases", _("Case files")
    REPORTS = "reports", _("Information reports")


class ContentClass(models.TextChoices):
    BASIC = "basic", _("Basic information")
    LIVING = "living", _("Living conditions")
    SOCIAL = "social", _("Social activity")
    COMPLAINTS = "complaints", _("Complaints and suggestions")
    CASES = "cases", _("Case files")
    REPORTS = "reports", _("Information reports")


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    YEARS_30 = "30", _("30 years")
    YEARS_10 = "10", _("10 years")


class Binding(models.TextChoices):
    UNBOUND = "unbound", _("Not bound")
    BOUND = "bound", _("Bound")


class ClassRetention(models.Model):
    """The retention period of a content class, set by managers (ARC-6)."""

    content_class = models.CharField(
        _("content class"), max_length=20, choices=ContentClass.choices, unique=True
    )
    retention = models.CharField(_("retention"), max_length=10, choices=Retention.choices)

    class Meta:
        verbose_name = _("retention of a class")
        verbose_name_plural = _("retention of classes")

    def __str__(self) -> str:
        return f"{self.content_class}: {self.retention}"


class VolumeSequence(models.Model):
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year"], name="archives_volume_seq_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Volume(models.Model):
    number = models.CharField(_("volume number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ArchiveCategory.choices)
    content_class = models.CharField(
        _("content class"), max_length=20, choices=ContentClass.choices
    )
    year = models.PositiveIntegerField(_("year"))
    retention = models.CharField(_("retention"), max_length=10, choices=Retention.choices)
    room = models.CharField(_("room"), max_length=50, blank=True)
    cabinet = models.CharField(_("cabinet"), max_length=50, blank=True)
    box = models.CharField(_("box"), max_length=50, blank=True)
    binding = models.CharField(
        _("binding"), max_length=10, choices=Binding.choices, default=Binding.UNBOUND
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volume")
        verbose_name_plural = _("volumes")
        ordering = ["-year", "number"]
        permissions = [
            ("approve_accessapplication", _("Can approve archive access applications")),
            ("destroy_volume", _("Can propose and approve the destruction of volumes")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def retention_ends(self) -> int | None:
        """The last year the volume must be kept, or None when kept permanently."""
        if self.retention == Retention.PERMANENT:
            return None
        return self.year + int(self.retention)


class VolumeItem(models.Model):
    """One resident archive, one closed case or one closed information report in a volume."""

    volume = models.ForeignKey(
        Volume, on_delete=models.PROTECT, related_name="items", verbose_name=_("volume")
    )
    # Indexed with the volume (Meta.indexes): the catalogue's name search reads which volumes
    # hold the residents found from the index alone.
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("resident"), db_index=False,
    )
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("case"),
    )
    report = models.ForeignKey(
        "reporters.Report", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("information report"),
    )
    # What the filing held (counts of steps, slips and documents), not personal data.
    contents = models.JSONField(_("contents"), default=dict, blank=True)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        verbose_name = _("volume item")
        verbose_name_plural = _("volume items")
        indexes = [
            models.Index(fields=["resident", "volume"], name="archives_item_resident_volume"),
        ]
        constraints = [
            # A case is filed once (filing is idempotent, ARC-7).
            models.UniqueConstraint(
                fields=["case"], condition=Q(case__isnull=False), name="archives_case_filed_once"
            ),
            # A closed report too (ARC-7).
            models.UniqueConstraint(
                fields=["report"], condition=Q(report__isnull=False),
                name="archives_report_filed_once",
            ),
            models.UniqueConstraint(
                fields=["volume", "resident"], condition=Q(resident__isnull=False),
                name="archives_resident_once_per_volume",
            ),
            models.CheckConstraint(
                condition=(
                    Q(resident__isnull=False) | Q(case__isnull=False) | Q(report__isnull=False)
                ),
                name="archives_item_names_something",
            ),
        ]

    def __str__(self) -> str:
        return f"Volume item #{self.pk}"
