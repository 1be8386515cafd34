"""What a session remembers from sign-in: when it began and when the password expires."""

from __future__ import annotations

from django.utils import timezone

from residents.accounts.passwords import is_demo_exempt, password_expires_at

SIGNED_IN_AT = "signed_in_at"
PASSWORD_EXPIRES_AT = "password_expires_at"
# When the session was last saved, restarting its idle timeout (IdleSessionMiddleware).
SAVED_AT = "saved_at"


def password_expiry_timestamp(user) -> float | None:
    """When the user's password expires (a POSIX timestamp), or None when it never does."""
    if is_demo_exempt(user):
        return None
    return password_expires_at(user).timestamp()


def start_session(request, user) -> None:
    """Called on sign-in (user_logged_in): the absolute limit and the expiry start here."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = timezone.now().timestamp()
    session[SIGNED_IN_AT] = now
    session[SAVED_AT] = now  # a new session is saved with the sign-in's response
    session[PASSWORD_EXPIRES_AT] = password_expiry_timestamp(user)


def password_expired(request) -> bool:
    """Whether the signed-in user's password has expired (kept in the session after sign-in)."""
    expires_at = request.session.get(PASSWORD_EXPIRES_AT)
    if expires_at is None:
        expires_at = password_expiry_timestamp(request.user)
        request.session[PASSWORD_EXPIRES_AT] = expires_at
    return expires_at is not None and timezone.now().timestamp() >= expires_at
