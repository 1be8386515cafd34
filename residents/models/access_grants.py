"""Exceptional access grants (ACC-2) and their guardian object permissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.managers import UserObjectPermissionManager
from guardian.models import UserObjectPermissionBase

from residents.audit.querysets import AuditedQuerySet
from residents.models.people import Resident


class GrantScope(models.TextChoices):
    SERVICE = "service", _("Basic information, service needs and feedback")
    COMPREHENSIVE = "comprehensive", _("All information, including comprehensive information")


class GrantStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


def grant_in_force(now=None, *, prefix: str = "") -> Q:
    """The one rule for a grant in force: approved, and its expiry instant not yet reached.

    Reads check it whether or not the expiry job has run, so access ends at the instant.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": GrantStatus.APPROVED, f"{prefix}expires_at__gt": now})


class AccessGrantQuerySet(AuditedQuerySet):
    def in_force(self, now=None):
        return self.filter(grant_in_force(now))

    def lapsed(self, now=None):
        """Approved but past the expiry: no longer in force, not yet marked expired."""
        return self.filter(Q(status=GrantStatus.APPROVED) & ~grant_in_force(now))


class AccessGrant(models.Model):
    """Exceptional access (ACC-2): a request naming one resident and a purpose, and its decision.

    An approved grant is materialised as guardian object permissions
    (`ResidentUserObjectPermission`) that carry the same expiry; both are checked when read.
    """

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="grants"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    purpose = models.TextField(_("purpose"))
    scope = models.CharField(
        _("scope"), max_length=20, choices=GrantScope.choices, default=GrantScope.SERVICE
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GrantStatus.choices,
        default=GrantStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("approve_accessgrant", _("Can approve, reject and revoke exceptional access")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "requester"],
                condition=Q(status__in=["requested", "approved"]),
                name="grant_one_open_per_requester_and_resident",
            ),
            models.CheckConstraint(
                name="grant_approved_has_expiry",
                condition=~Q(status="approved") | Q(expires_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Access grant #{self.pk}"

    def is_lapsed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == GrantStatus.APPROVED and not self.expires_at > now


class ResidentPermissionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """Permission rows of grants in force (the row carries the grant's expiry too)."""
        now = now or timezone.now()
        return self.filter(grant_in_force(now, prefix="grant__"), expires_at__gt=now)


class ResidentUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct-FK object permission for residents, with the grant's expiry on the row."""

    content_object = models.ForeignKey(Resident, on_delete=models.CASCADE)
    grant = models.ForeignKey(AccessGrant, on_delete=models.CASCADE, related_name="permissions")
    expires_at = models.DateTimeField()

    objects = UserObjectPermissionManager.from_queryset(ResidentPermissionQuerySet)()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("resident object permission")
        verbose_name_plural = _("resident object permissions")
        indexes = [models.Index(fields=["user", "expires_at"], name="resident_objperm_user_exp")]

    def __str__(self) -> str:
        return f"Object permission #{self.pk}"
