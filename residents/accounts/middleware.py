"""Session, second-factor and password rules applied on every request of a signed-in user
(ACC-5, ACC-10).

`IdleSessionMiddleware`: Django's session middleware, with the idle timeout's clock (the
session's expiry, SESSION_COOKIE_AGE after its last save) restarted at most once every
SESSION_REFRESH_SECONDS instead of by a write on every request: an idle session ends at most
that much earlier than SESSION_COOKIE_AGE after its last request, never later.
`SessionLimitMiddleware`: a session ends SESSION_ABSOLUTE_SECONDS after sign-in, however
active it is (the idle timeout is SESSION_COOKIE_AGE with the clock restarting on each request).
`SecondFactorMiddleware`: a user who must sign in with a second factor reaches nothing but the
code page (or enrolment, before they have an authenticator) until this session has passed it.
`PasswordExpiryMiddleware`: a user whose password is older than PASSWORD_MAX_AGE_DAYS may only
change it (or sign out) until it is changed.
Both keep a time in the session, set at sign-in (`residents.accounts.sessions.start_session`), so
a request costs no extra query.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.accounts.second_factor import authenticator, second_factor_required
from residents.accounts.sessions import SAVED_AT, SIGNED_IN_AT, password_expired


class IdleSessionMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # Only an existing session: an anonymous visitor's empty one is never created here.
        if session is not None and session.session_key is not None:
            now = timezone.now().timestamp()
            saved_at = session.get(SAVED_AT)  # a key with no session behind it turns None
            if session.session_key is not None and (
                session.modified
                or saved_at is None
                or not 0 <= now - saved_at < settings.SESSION_REFRESH_SECONDS
            ):
                session[SAVED_AT] = now  # marks it modified: saved, and its cookie renewed
        return super().process_response(request, response)


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                request.session[SIGNED_IN_AT] = now
            elif now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.warning(
                    request, _("Your session has reached its time limit. Please log in again.")
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


def _allowed_paths(names: tuple[str, ...]) -> set[str]:
    return {reverse(name) for name in names}


class SecondFactorMiddleware:
    # URL names open before the second factor (static files are served before any of this).
    ALLOWED = ("otp:verify", "otp:setup", "logout", "set_language", "healthz", "admin:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # Read by the layout, which offers no menu to a session still waiting for its code.
        request.second_factor_pending = pending = (
            user.is_authenticated and not user.is_verified() and second_factor_required(user)
        )
        if pending and request.path_info not in _allowed_paths(self.ALLOWED):
            page = "otp:verify" if authenticator(user) is not None else "otp:setup"
            return redirect_to_login(request.get_full_path(), reverse(page))
        return self.get_response(request)


class PasswordExpiryMiddleware:
    # URL names a user with an expired password may still open; the second factor comes first.
    ALLOWED = (
        "password_change", "logout", "set_language", "healthz", "admin:logout",
        "otp:verify", "otp:setup",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and password_expired(request) and not self._allowed(request):
            return redirect("password_change")  # the page says why
        return self.get_response(request)

    def _allowed(self, request) -> bool:
        return request.path_info in _allowed_paths(self.ALLOWED)
