"""Who reporters' notifications go to, and the one call sending them (the product's inbox)."""

from __future__ import annotations

from django.contrib.auth.models import User

from residents import roles


def managers() -> list[User]:
    return list(User.objects.filter(groups__name=roles.MANAGER, is_active=True).distinct())


def notify(*, recipients, text: str, url: str = "", key: str = "") -> None:
    from residents.notifications.services import notification_send

    notification_send(recipients=list(recipients), text=text, url=url, key=key)
