"""Session, second-factor and password rules applied on every request of a signed-in user
(ACC-5, ACC-10).

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
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.accounts.second_factor import authenticator, second_factor_required
from residents.accounts.sessions import SIGNED_IN_AT, password_expired


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
