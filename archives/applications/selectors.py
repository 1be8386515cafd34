"""Which applications a user sees, and whether an approved window is open now."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from archives.models import AccessApplication
from residents.models.access_grants import grant_in_force


def window_open(now=None) -> Q:
    """The resident access grants' rule (approved, expiry not yet reached), plus the start of
    the window: one rule for both kinds of access."""
    now = now or timezone.now()
    return grant_in_force(now) & Q(starts_at__lte=now)


def applications_for(user) -> QuerySet[AccessApplication]:
    """Approvers see every application; others their own."""
    applications = AccessApplication.objects.select_related("applicant", "supervisor")
    if user.has_perm("archives.approve_accessapplication"):
        return applications
    return applications.filter(applicant=user)


def open_application(user, pk: int) -> AccessApplication | None:
    """The user's own application whose window is open now, or None."""
    return (
        AccessApplication.objects.filter(window_open(), pk=pk, applicant=user)
        .prefetch_related("volumes").first()
    )
