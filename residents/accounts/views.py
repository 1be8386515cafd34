"""The self-service password change page and the lockout answer of the sign-in pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from residents.accounts.sessions import (
    PASSWORD_EXPIRES_AT,
    password_expired,
    password_expiry_timestamp,
)
from residents.audit.accounts import record_account_event
from residents.audit.context import Event


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (old password, new one twice, every validator); the new password is
    recorded in the history by the history validator when the user is saved."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            password_max_age_days=settings.PASSWORD_MAX_AGE_DAYS,
            password_expired=password_expired(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[PASSWORD_EXPIRES_AT] = password_expiry_timestamp(form.user)
        record_account_event(Event.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account or an address is locked out (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
