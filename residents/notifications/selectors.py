"""Reads of the inbox, always the acting user's own."""

from __future__ import annotations

from residents.models import Notification


def inbox(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
