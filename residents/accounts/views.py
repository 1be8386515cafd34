"""Account pages: changes asked for by administrators and decided by security administrators
(ACC-7), the self-service password change and the lockout answer of the sign-in pages (ACC-5).

Thin: check access, validate, call one service, say what happened, redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from residents.accounts import selectors, services
from residents.accounts.forms import AccountChangeDecisionForm, AccountChangeRequestForm
from residents.accounts.sessions import (
    PASSWORD_EXPIRES_AT,
    password_expired,
    password_expiry_timestamp,
)
from residents.audit.accounts import record_account_event
from residents.audit.context import Event
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.common.staff import ROLE_LABELS
from residents.models import AccountChange, AccountChangeStatus

VIEW_PERMISSION = "residents.view_accountchange"
PAGE_SIZE = 50


@require_GET
def change_list(request):
    require_perm(request.user, VIEW_PERMISSION)
    status = request.GET.get("status", "")
    page = Paginator(selectors.account_changes(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    user = request.user
    rows = [
        {
            "change": change,
            "role_label": ROLE_LABELS.get(change.role, change.role),
            # Nobody decides what they asked for or what concerns their own account.
            "may_decide": change.status == AccountChangeStatus.REQUESTED
            and user.has_perm(services.APPROVE_PERMISSION)
            and user.pk not in (change.requested_by_id, change.user_id),
        }
        for change in page.object_list
    ]
    return render(
        request,
        "residents/accounts/change_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": AccountChangeStatus.choices,
            "can_request": user.has_perm(services.REQUEST_PERMISSION),
        },
    )


def change_request(request):
    require_perm(request.user, services.REQUEST_PERMISSION)
    form = AccountChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.account_change_request(
                requester=request.user, user=data["user"], kind=data["kind"],
                role=data["role"], reason=data["reason"],
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("Asked for approval: %(change)s for %(user)s.")
                % {"change": change.get_kind_display(), "user": change.user.username},
            )
            return redirect("accounts:change_list")
    return render(request, "residents/accounts/change_request.html", {"form": form})


def _change(pk: int) -> AccountChange:
    return get_object_or_404(AccountChange.objects.select_related("user"), pk=pk)


@require_POST
@never_cache
def change_approve(request, change_pk: int):
    require_perm(request.user, services.APPROVE_PERMISSION)
    change = _change(change_pk)
    form = AccountChangeDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        temporary = services.account_change_approve(
            change=change, approver=request.user, note=note
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("accounts:change_list")
    if temporary:
        # Shown once, to the approver, who hands it over; the page is never cached.
        return render(
            request,
            "residents/accounts/password_issued.html",
            {"account": User.objects.get(pk=change.user_id), "password": temporary},
        )
    messages.success(
        request,
        _("Approved: %(change)s for %(user)s.")
        % {"change": change.get_kind_display(), "user": change.user.username},
    )
    return redirect("accounts:change_list")


@require_POST
def change_reject(request, change_pk: int):
    require_perm(request.user, services.APPROVE_PERMISSION)
    change = _change(change_pk)
    form = AccountChangeDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.account_change_reject(change=change, approver=request.user, note=note)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Rejected: %(change)s for %(user)s.")
            % {"change": change.get_kind_display(), "user": change.user.username},
        )
    return redirect("accounts:change_list")


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
