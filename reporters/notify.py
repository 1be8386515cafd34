"""Who reporters' notifications go to, and the one call sending them (the product's inbox)."""

from __future__ import annotations

from residents import roles
from residents.notifications.services import notification_send, role_members


def managers():
    return role_members(roles.MANAGER)


def notify(*, recipients, text: str, url: str = "", key: str = "") -> None:
    notification_send(recipients=list(recipients), text=text, url=url, key=key)
