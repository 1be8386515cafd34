"""Special registers (CLS-3): hardship with its help ledger, key persons with their visits."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident


class HardshipKind(models.TextChoices):
    DIBAO = "dibao", _("Minimum living allowance household (低保户)")
    TEKUN = "tekun", _("Person in extreme poverty (特困人员)")
    DISABILITY = "disability", _("Person with a disability (残疾人)")


class DisabilityCategory(models.TextChoices):
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech")
    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    MULTIPLE = "multiple", _("Multiple")


class DisabilityLevel(models.TextChoices):
    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    LEVEL_4 = "4", _("Level 4")


class KeyPersonCategory(models.TextChoices):
    CORRECTION = "correction", _("Under community correction (社区矫正人员)")
    RELEASED = "released", _("Released after a sentence (刑满释放人员)")
    DRUG = "drug", _("Drug user (吸毒人员)")


class RegisterEntryQuerySet(AuditedQuerySet):
    def current(self, today: datetime.date | None = None) -> RegisterEntryQuerySet:
        """Entries in force on `today` (default: the local date); see RegisterEntry.is_current."""
        today = today or timezone.localdate()
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today
        )


class RegisterEntry(models.Model):
    """What every register entry has: a start, an end and a review date (CLS-3)."""

    resident = models.ForeignKey(Resident, verbose_name=_("resident"), on_delete=models.PROTECT)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_date = models.DateField(_("review date"), db_index=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-start_date", "-pk"]

    def is_current(self, today: datetime.date | None = None) -> bool:
        """In force on `today`: started on or before it and not yet ended.

        The end date is the last day in force, so an entry ending today is still current
        and counts as ended from tomorrow. The one rule, also behind the queryset's
        `current()`.
        """
        today = today or timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class HardshipEntry(RegisterEntry):
    kind = models.CharField(_("kind"), max_length=20, choices=HardshipKind.choices)
    disability_category = models.CharField(
        _("disability category"), max_length=20, choices=DisabilityCategory.choices, blank=True
    )
    disability_level = models.CharField(
        _("disability level"), max_length=1, choices=DisabilityLevel.choices, blank=True
    )

    class Meta(RegisterEntry.Meta):
        verbose_name = _("hardship register entry")
        verbose_name_plural = _("hardship register entries")
        default_related_name = "hardship_entries"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="disability")
                | (~Q(disability_category="") & ~Q(disability_level="")),
                name="hardship_disability_has_category_and_level",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="hardship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Hardship entry #{self.pk}"


class HelpLedgerEntry(models.Model):
    """One line of a hardship entry's help ledger (帮扶台账)."""

    hardship = models.ForeignKey(
        HardshipEntry, verbose_name=_("hardship entry"), on_delete=models.PROTECT,
        related_name="help_ledger",
    )
    date = models.DateField(_("date"))
    help_given = models.TextField(_("help given"))
    given_by = models.CharField(_("given by"), max_length=100)
    next_step = models.TextField(_("next step"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("help ledger entry")
        verbose_name_plural = _("help ledger entries")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Help ledger entry #{self.pk}"


class KeyPersonEntry(RegisterEntry):
    category = models.CharField(_("category"), max_length=20, choices=KeyPersonCategory.choices)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("key person register entry")
        verbose_name_plural = _("key person register entries")
        default_related_name = "key_person_entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="key_person_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Key person entry #{self.pk}"


class KeyPersonVisit(models.Model):
    entry = models.ForeignKey(
        KeyPersonEntry, verbose_name=_("key person entry"), on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("visited by"),
    )
    summary = models.TextField(_("summary"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key person visit")
        verbose_name_plural = _("key person visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Key person visit #{self.pk}"
