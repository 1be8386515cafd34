"""Account pages: changes asked for by administrators and decided by security administrators
(ACC-7), the self-service password change, the second factor (enrolment, the code after the
password, resets) and the lockout answer of the sign-in pages (ACC-5, ACC-10).

Thin: check access, validate, call one service, say what happened, redirect.
"""

from __future__ import annotations

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from residents.accounts import second_factor, selectors, services
from residents.accounts.forms import (
    AccountChangeDecisionForm,
    AccountChangeRequestForm,
    SecondFactorCodeForm,
    SecondFactorResetForm,
)
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
from residents.common.redirects import next_url
from residents.common.staff import ROLE_LABELS, role_label
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


# --- the second factor (ACC-10) -------------------------------------------------------------


def _signed_in(request, device) -> None:
    """This session has passed the second factor; a new session key for the raised trust."""
    otp_login(request, device)
    request.session.cycle_key()


def _count_wrong_code(request, user):
    """A wrong code is a failed sign-in for django-axes (the same lockout as passwords) and an
    audit entry. Returns the lockout page when this one locked the account or address."""
    AxesProxyHandler.user_login_failed(
        sender=_count_wrong_code, credentials={"username": user.get_username()}, request=request
    )
    locked = bool(getattr(request, "axes_locked_out", False))
    record_account_event(
        Event.OTP_FAILED, request=request, user=user,
        details={"locked_out": True} if locked else None,
    )
    return _locked_out_signed_out(request) if locked else None


def _locked_out_signed_out(request):
    logout(request)
    request.second_factor_pending = False  # signed out: the layout of anonymous visitors
    return locked_out(request)


def _qr_code(device) -> str:
    qr = segno.make(device.config_url, error="m")
    # Inline SVG drawn with presentation attributes only: nothing for the CSP to refuse.
    # segno writes the markup; the title is our own text.
    return mark_safe(
        qr.svg_inline(
            scale=5, border=2, light="#fff", svgclass="qr-code",
            title=_("QR code for the authenticator app"),
        )
    )


@never_cache
def otp_setup(request):
    """Enrolment: scan the QR code (or type the key), confirm with a code, receive recovery
    codes once. Once set up: how many recovery codes are left, and starting again with a code."""
    user = request.user
    if not second_factor.second_factor_required(user):
        return render(request, "registration/otp_setup.html", {"not_needed": True})
    target = next_url(request, reverse("home"))
    if second_factor.authenticator(user) is not None:
        if not user.is_verified():
            return redirect_to_login(target, reverse("otp:verify"))
        return _otp_status(request, SecondFactorCodeForm())
    device = second_factor.enrolment_device(user=user)
    form = SecondFactorCodeForm(request.POST or None)
    form.fields["code"].widget.attrs["inputmode"] = "numeric"
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = second_factor.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            _signed_in(request, enrolment.device)
            record_account_event(Event.OTP_ENROLLED, request=request, user=user)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": enrolment.recovery_codes, "next": target},
            )
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_code": _qr_code(device),
            "secret": second_factor.secret_for_manual_entry(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": target,
        },
    )


def _otp_status(request, form):
    return render(
        request,
        "registration/otp_setup.html",
        {
            "enrolled": True,
            "form": form,
            "recovery_codes_left": second_factor.recovery_codes_left(request.user),
        },
    )


@require_POST
@never_cache
def otp_replace(request):
    """Start again (a new phone, recovery codes used up): only with a current code."""
    user = request.user
    if second_factor.authenticator(user) is None:
        return redirect("otp:setup")
    form = SecondFactorCodeForm(request.POST)
    if form.is_valid():
        try:
            second_factor.second_factor_replace_own(user=user, code=form.cleaned_data["code"])
        except second_factor.CodeRefused as refusal:
            add_refusal(form, refusal)
            if refusal.wrong and (lockout := _count_wrong_code(request, user)) is not None:
                return lockout
        else:
            record_account_event(Event.OTP_RESET, request=request, user=user)
            messages.success(
                request, _("Your second factor was removed. Set up your authenticator again.")
            )
            return redirect("otp:setup")
    return _otp_status(request, form)


@never_cache
def otp_verify(request):
    """The code after the password: from the authenticator app, or a recovery code."""
    user = request.user
    target = next_url(request, reverse("home"))
    if user.is_verified() or not second_factor.second_factor_required(user):
        return redirect(target)
    if second_factor.authenticator(user) is None:
        return redirect_to_login(target, reverse("otp:setup"))
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        return _locked_out_signed_out(request)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification = second_factor.code_verify(user=user, code=form.cleaned_data["code"])
        except second_factor.CodeRefused as refusal:
            add_refusal(form, refusal)
            if refusal.wrong and (lockout := _count_wrong_code(request, user)) is not None:
                return lockout
        else:
            _signed_in(request, verification.device)
            if verification.recovery_code_used:
                left = verification.recovery_codes_left
                record_account_event(
                    Event.OTP_RECOVERY_CODE_USED, request=request, user=user,
                    details={"recovery_codes_left": left},
                )
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(count)d recovery code is left.",
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(count)d recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            else:
                record_account_event(Event.OTP_VERIFIED, request=request, user=user)
            return redirect(target)
    return render(request, "registration/otp_verify.html", {"form": form, "next": target})


@require_GET
def otp_accounts(request):
    """Security administrators: who signs in with a second factor, and resets for lost phones."""
    require_perm(request.user, second_factor.RESET_PERMISSION)
    page = Paginator(selectors.second_factor_accounts(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "account": account,
            "roles": "、".join(
                role_label(group.name)
                for group in sorted(account.groups.all(), key=lambda group: group.name)
            ),
            "may_reset": account.pk != request.user.pk
            and (account.has_authenticator or account.recovery_codes_left),
        }
        for account in page.object_list
    ]
    return render(
        request,
        "residents/accounts/second_factor_list.html",
        {"page": page, "rows": rows, "form": SecondFactorResetForm()},
    )


@require_POST
def otp_reset(request, user_pk: int):
    require_perm(request.user, second_factor.RESET_PERMISSION)
    account = get_object_or_404(User, pk=user_pk)
    form = SecondFactorResetForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        second_factor.second_factor_reset(actor=request.user, user=account, reason=reason)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        record_account_event(
            Event.OTP_RESET, request=request, user=account, actor=request.user,
            details={"reason": reason.strip()},
        )
        messages.success(
            request,
            _("The second factor of %(user)s was reset; they set up a new one at their next "
              "sign-in.") % {"user": account.username},
        )
    return redirect("otp:accounts")
