"""Community safety and environment records (SAF-1, SAF-2): security patrols, fire-safety
inspections and trainings, food-safety inspections of eateries, garbage collection and transport
(its schedule and the records), greening upkeep and clean-up campaigns with photos.

None of it is resident data: records describe places and work, and the forms ask staff not to
write residents' personal information into them. A record whose findings need rectifying opens
one rectification case (`casework.models.rectification`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from residents.audit.querysets import AuditedQuerySet


class SafetyKind(models.TextChoices):
    PATROL = "patrol", _("Security patrol")
    FIRE_INSPECTION = "fire_inspection", _("Fire-safety inspection")
    FIRE_TRAINING = "fire_training", _("Fire-safety training")
    FOOD_INSPECTION = "food_inspection", _("Food-safety inspection")
    GARBAGE = "garbage", _("Garbage collection and transport")
    GREENING = "greening", _("Greening upkeep")
    CLEANUP = "cleanup", _("Clean-up campaign")


class SafetyRecord(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=SafetyKind.choices, db_index=True)
    occurred_on = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    # The patrol's route, the building inspected, the eatery, the collection area, the green.
    place = models.CharField(_("route or place"), max_length=200)
    people = models.CharField(_("people taking part"), max_length=300)
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True,
                                                    blank=True)
    # The department that joined a food-safety inspection (market supervision …).
    department = models.CharField(_("department that joined"), max_length=100, blank=True)
    # Garbage: how much was collected and where it was taken.
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    destination = models.CharField(_("taken to"), max_length=200, blank=True)
    content = models.TextField(_("what was done"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    problem_found = models.BooleanField(_("problems found that need rectifying"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety or environment record")
        verbose_name_plural = _("safety and environment records")
        ordering = ["-occurred_on", "-pk"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"Safety record #{self.pk}"


class PhotoStage(models.TextChoices):
    BEFORE = "before", pgettext_lazy("photo", "Before")
    AFTER = "after", pgettext_lazy("photo", "After")
    DURING = "during", pgettext_lazy("photo", "On site")


class SafetyPhoto(models.Model):
    record = models.ForeignKey(
        SafetyRecord, on_delete=models.CASCADE, related_name="photos", verbose_name=_("record")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=PhotoStage.choices)
    document = models.ForeignKey(
        "residents.Document", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("photo"),
    )

    class Meta:
        verbose_name = _("safety record photo")
        verbose_name_plural = _("safety record photos")
        ordering = ["stage", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"Safety photo #{self.pk}"


class GarbageSchedule(models.Model):
    """When and where garbage is collected, by whom, and where it is taken (the schedule the
    collection records are kept against)."""

    area = models.CharField(_("area"), max_length=100)
    days = models.CharField(_("days"), max_length=100)
    collection_time = models.TimeField(_("collection time"))
    collector = models.CharField(_("collected by"), max_length=100)
    destination = models.CharField(_("taken to"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("garbage collection schedule")
        verbose_name_plural = _("garbage collection schedules")
        ordering = ["area", "collection_time", "pk"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return f"Garbage schedule #{self.pk}"
