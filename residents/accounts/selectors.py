"""Reads of account changes and of second factors for the pages that list them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from residents import roles
from residents.models import AccountChange, AccountChangeStatus


def account_changes(*, status: str = "") -> QuerySet[AccountChange]:
    changes = AccountChange.objects.select_related("user", "requested_by", "decided_by")
    if status in AccountChangeStatus.values:
        changes = changes.filter(status=status)
    return changes.order_by("-requested_at", "-pk")


def second_factor_accounts() -> QuerySet[User]:
    """Active accounts that sign in with a second factor, or still have one set up, with
    whether their authenticator is confirmed and how many recovery codes are left."""
    needs = (
        Q(groups__name__in=roles.SECOND_FACTOR_ROLES)
        | Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(totpdevice__isnull=False)
    )
    pks = User.objects.filter(needs, is_active=True).values("pk")
    return (
        User.objects.filter(pk__in=pks)
        .annotate(
            has_authenticator=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
            recovery_codes_left=Count(
                "staticdevice__token_set",
                filter=Q(staticdevice__confirmed=True),
                distinct=True,
            ),
        )
        .prefetch_related("groups")
        .order_by("username")
    )

