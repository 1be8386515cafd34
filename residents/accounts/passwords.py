"""Password history and expiry (ACC-5): one home for both rules.

Every password set through `set_password()` and saved — the change page, Django admin,
`changepassword`, `seed_demo` — reaches `PasswordHistoryValidator.password_changed`, which Django
calls with the user after the save; `create_user` and `createsuperuser` hash the password without
`set_password()`, so a new account's password is recorded when it is created
(`account_created`, a post_save receiver). Only hashes are stored. An account without a history
row counts from `date_joined`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.models import PasswordHistory


def history_count() -> int:
    return settings.PASSWORD_HISTORY_COUNT


def record_password(user, *, now: datetime.datetime | None = None) -> None:
    """Remember the user's current password hash; keep only the last few."""
    if not user.pk or not user.has_usable_password():
        return
    newest = (
        PasswordHistory.objects.filter(user=user)
        .order_by("-changed_at", "-pk")
        .values_list("password_hash", flat=True)
        .first()
    )
    if newest == user.password:
        return  # the same setting seen twice (set_password and then the account's creation)
    PasswordHistory.objects.create(
        user=user, password_hash=user.password, changed_at=now or timezone.now()
    )
    keep = PasswordHistory.objects.filter(user=user).order_by("-changed_at", "-pk")[
        : history_count()
    ]
    PasswordHistory.objects.filter(user=user).exclude(
        pk__in=list(keep.values_list("pk", flat=True))
    ).delete()


def password_set_at(user) -> datetime.datetime:
    """When the current password was set: the newest history row, else when the account began."""
    changed = (
        PasswordHistory.objects.filter(user=user)
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    return changed or user.date_joined


def password_expires_at(user) -> datetime.datetime:
    return password_set_at(user) + datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def is_demo_exempt(user) -> bool:
    """Demo accounts keep the documented demo password and sign in without a second factor,
    but only while DEMO_MODE is on."""
    if not getattr(settings, "DEMO_MODE", False):
        return False
    from residents.demo.seed import DEMO_ACCOUNTS

    return user.get_username() in DEMO_ACCOUNTS


def was_used_recently(user, password: str) -> bool:
    hashes = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-changed_at", "-pk")
        .values_list("password_hash", flat=True)[: history_count()]
    )
    if user.password and user.password not in hashes:
        hashes.append(user.password)
    return any(check_password(password, encoded) for encoded in hashes)


class PasswordHistoryValidator:
    """Refuses any of the last PASSWORD_HISTORY_COUNT passwords; records each new one."""

    def validate(self, password: str, user=None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        if was_used_recently(user, password):
            raise ValidationError(
                _(
                    "This password was used recently. Choose one different from your last "
                    "%(count)d passwords."
                ),
                code="password_reused",
                params={"count": history_count()},
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is not None:
            record_password(user)

    def get_help_text(self) -> str:
        return _("Your password cannot be the same as any of your last %(count)d passwords.") % {
            "count": history_count()
        }


def account_created(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of the user model: a new account's first password starts its history."""
    if created and not raw:
        record_password(instance)
