"""Sending and reading notifications; other subjects call `notification_send` from services."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from residents.models import Notification

TEXT_MAX = Notification._meta.get_field("text").max_length


def role_members(*roles: str):
    """Active users holding any of these roles: the usual recipients of a notification."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct()


def notification_send(*, recipients: Iterable, text: str, url: str = "", key: str = "") -> int:
    """Put one notification in each active recipient's inbox; returns how many were new.

    With a `key`, a recipient who already has a notification with that key gets no second one,
    so a periodic job may run twice. The text must not carry personal data beyond a case number
    and a masked name (callers mask with residents/access/masking.py).
    """
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return 0
    text = str(text)[:TEXT_MAX]
    with transaction.atomic():
        existing = set()
        if key:
            existing = set(
                Notification.objects.filter(recipient_id__in=users, key=key).values_list(
                    "recipient_id", flat=True
                )
            )
        fresh = [
            Notification(recipient_id=pk, text=text, url=url, key=key)
            for pk in users if pk not in existing
        ]
        # A concurrent send with the same key loses quietly to the unique constraint.
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def notification_mark_read(*, user, pk: int | None = None) -> Notification | None:
    """Mark one of the user's notifications read (or, without `pk`, all of them)."""
    mine = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is None:
        mine.update(read_at=timezone.now())
        return None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(recipient=user, pk=pk).first()
        )
        if notification is not None and notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification
