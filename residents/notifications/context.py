"""The unread count shown as a badge in the header of every signed-in page."""

from __future__ import annotations

from residents.notifications.selectors import unread_count


def inbox_badge(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(
        request, "second_factor_pending", False
    ):
        return {}
    return {"inbox_unread": unread_count(user)}
