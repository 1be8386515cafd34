"""Services handled for residents and community activities (SVC-1, SVC-2, TRK-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident


class ServiceKind(models.TextChoices):
    EDUCATION = "education", _("Education")
    MEDICAL = "medical", _("Medical care")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance (社保)")
    MEDICAL_INSURANCE = "medical_insurance", _("Medical insurance (医保)")
    DIBAO = "dibao", _("Minimum living allowance (低保) application")
    TEKUN = "tekun", _("Support for persons in extreme poverty (特困供养) application")
    # Services per age class (CLS-4): each linked to the derived age group
    # (residents.activities.kinds.SERVICE_AGE_GROUPS).
    GROWTH_FILE = "growth_file", _("Growth file (minor)")
    EMPLOYMENT = "employment", _("Employment service")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship service")
    MATCHMAKING = "matchmaking", _("Matchmaking service")
    HEALTH_MANAGEMENT = "health_mgmt", _("Health management")
    COUNSELLING = "counselling", _("Counselling")
    HEALTH_FILE = "health_file", _("Health file (elderly)")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    ELDERLY_MEDICAL = "elderly_medical", _("Medical care for the elderly")
    RECREATION = "recreation", _("Recreation for the elderly")
    # Organised by the community (TRK-6).
    HEALTH_CHECK = "health_check", _("Health check-up")
    VACCINATION = "vaccination", _("Vaccination session")
    HOUSING_CONSULTATION = "housing_consult", _("Housing-security consultation")
    SCHOOL_ENROLMENT = "school_enrolment", _("School-enrolment help")
    OTHER = "other", _("Other")


class ServiceOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Approved or done")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ServiceRecord(models.Model):
    """A public service handled for a resident, with its outcome (SVC-1)."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="service_records",
    )
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    applied_on = models.DateField(_("applied on"))
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ServiceOutcome.choices,
        default=ServiceOutcome.IN_PROGRESS,
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("handled by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"Service record #{self.pk}"


class ActivityKind(models.TextChoices):
    CULTURAL = "cultural", _("Cultural")
    SPORTS = "sports", _("Sports")
    VOLUNTEER = "volunteer", _("Volunteer service")
    OTHER = "other", _("Other")


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"), db_index=True)
    place = models.CharField(_("place"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    team = models.ForeignKey(
        "VolunteerTeam", verbose_name=_("volunteer team"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="activities",
    )
    organised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organised by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Activity #{self.pk}"


class Participation(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT,
        related_name="participations",
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="participations",
    )
    attended = models.BooleanField(_("attended"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"], name="participation_once_per_activity"
            ),
        ]

    def __str__(self) -> str:
        return f"Participation #{self.pk}"


class VolunteerTeam(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_on = models.DateField(_("founded on"))

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Volunteer team #{self.pk}"


class VolunteerMembership(models.Model):
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("volunteer team"), on_delete=models.PROTECT,
        related_name="memberships",
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="volunteer_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team membership")
        verbose_name_plural = _("volunteer team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "resident"], condition=Q(left_on__isnull=True),
                name="volunteer_one_current_membership_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"Volunteer membership #{self.pk}"
