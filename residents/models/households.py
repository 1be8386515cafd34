"""Households (户) and their members over time (REG-1 family, issue: households)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    OTHER = "other", _("Other relative or co-resident")


class Household(models.Model):
    number = models.CharField(_("household number"), max_length=30, unique=True)
    address = models.CharField(_("address"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Household {self.number}"


class HouseholdMembership(models.Model):
    """A resident's membership of a household; ended memberships stay as history."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT,
        related_name="memberships",
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT,
        related_name="household_memberships",
    )
    relationship = models.CharField(
        _("relationship to the head"), max_length=20, choices=Relationship.choices
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        ordering = ["household", "joined_on", "pk"]
        constraints = [
            # A resident belongs to at most one household at a time.
            models.UniqueConstraint(
                fields=["resident"], condition=Q(left_on__isnull=True),
                name="membership_one_current_household",
            ),
            # A household has at most one current head.
            models.UniqueConstraint(
                fields=["household"], condition=Q(left_on__isnull=True, relationship="head"),
                name="membership_one_current_head",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"Membership #{self.pk}"
