"""Sign-ins, sign-outs, password changes and the second factor as audit entries (ACC-10).

Django's auth signals (connected in `ResidentsConfig.ready()`), the password change page and the
second-factor pages each call `record_account_event`, the one writer of these entries: an
ACCESS entry on the user account with the actor, the client address and
`additional_data["event"]`. A failed attempt names the account tried when it exists; any other
username tried is kept partly masked, since people sometimes type a password into the username
field. A password or a code is never recorded.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from residents.audit.context import Event, entries


def masked_username(username: str) -> str:
    """The first characters of an unknown username, the rest as asterisks."""
    username = username or ""
    shown = 1 if len(username) <= 4 else 2
    return username[:shown] + "*" * min(len(username) - shown, 8) if username else ""


def is_http_request(request) -> bool:
    """A sign-in by a person comes with an HTTP request; `login()` called from code (the test
    client's force_login, a shell) has none and is not an attempt to record."""
    return request is not None and getattr(request, "method", None) is not None


def record_account_event(
    event: str, *, request, user=None, username: str = "", actor=None, details=None
) -> None:
    """One entry on `user`'s account. The actor is the user themself unless `actor` names
    someone else (a security administrator resetting the second factor); `details` adds facts
    such as a reason or the recovery codes left."""
    if event not in Event.ACCOUNT_EVENTS:
        raise ValueError(f"not an account event: {event!r}")
    if not is_http_request(request):
        return
    User = get_user_model()
    data = {"event": event, "field_groups": [], **(details or {})}
    if event == Event.LOGIN_FAILED:
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        data["username"] = username if user is not None else masked_username(username)
        if getattr(request, "axes_locked_out", False):
            data["locked_out"] = True
        actor = None
    elif actor is None:
        actor = user
    LogEntry.objects.bulk_create(
        entries(
            model=User,
            pks=[user.pk] if user is not None else [""],
            action=LogEntry.Action.ACCESS,
            actor=actor,
            data=data,
            request=request,
        )
    )
