"""Reads of account changes for the pages that list them."""

from __future__ import annotations

from django.db.models import QuerySet

from residents.models import AccountChange, AccountChangeStatus


def account_changes(*, status: str = "") -> QuerySet[AccountChange]:
    changes = AccountChange.objects.select_related("user", "requested_by", "decided_by")
    if status in AccountChangeStatus.values:
        changes = changes.filter(status=status)
    return changes.order_by("-requested_at", "-pk")
