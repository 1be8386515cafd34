"""Two-factor sign-in with TOTP (ACC-10), built on django-otp's devices.

Who: an account holding a role of `roles.SECOND_FACTOR_ROLES`, and any staff (admin site) or
superuser account. The demo accounts are exempt while DEMO_MODE is on, never otherwise.

A session of such an account counts as signed in only once django-otp has verified it in this
session (`request.user.is_verified()`, kept by django_otp's OTPMiddleware). Until then
`SecondFactorMiddleware` sends every request to the code page, or to enrolment while the account
has no confirmed authenticator. The check runs on every request, so a role given during a
session, or a second factor reset by a security administrator, takes effect at once.

Devices: one `TOTPDevice` (the authenticator app; a new one stays unconfirmed until a code
from it is entered) and one `StaticDevice` whose tokens are the recovery codes, each usable
once (django-otp deletes a static token when it matches). Both throttle wrong codes themselves
(1 s, 2 s, 4 s … after each wrong code in a row); the pages also count each wrong code as a
failed sign-in in django-axes, so the password lockout rule applies to codes too.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from residents import roles
from residents.accounts.passwords import is_demo_exempt
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

# Security administrators reset another account's second factor, as they decide account changes.
RESET_PERMISSION = "residents.approve_accountchange"
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_SALT = "residents.accounts.recovery-code"
TOTP_CODE = re.compile(r"\d{6}")


def second_factor_required(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_demo_exempt(user):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=roles.SECOND_FACTOR_ROLES).exists()


def authenticator(user) -> TOTPDevice | None:
    """The account's confirmed authenticator, if it has one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalised_code(code: str) -> str:
    """What the person typed, without the spaces and hyphens the pages show in codes."""
    return re.sub(r"[\s\-]", "", code or "").lower()


def recovery_code_display(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


class CodeRefused(ActionRefused):
    """A code that was not accepted. `wrong` tells a code checked and found wrong (a failed
    sign-in to count) from one refused unchecked while django-otp's delay runs."""

    def __init__(self, message: str, *, wrong: bool) -> None:
        super().__init__(message, field="code")
        self.wrong = wrong


def _throttled(device) -> CodeRefused | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return CodeRefused(
        ngettext(
            "Too many wrong codes in a row. Wait %(seconds)d second and try again.",
            "Too many wrong codes in a row. Wait %(seconds)d seconds and try again.",
            seconds,
        )
        % {"seconds": seconds},
        wrong=False,
    )


# --- enrolment ------------------------------------------------------------------------------


def enrolment_device(*, user: User) -> TOTPDevice:
    """The authenticator being set up: kept across page loads, so that the QR code scanned
    stays valid until it is confirmed."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        pending = list(
            TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk")
        )
        if pending:
            TOTPDevice.objects.filter(pk__in=[device.pk for device in pending[1:]]).delete()
            return pending[0]
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def stored_recovery_code(code: str) -> str:
    """What is kept of a recovery code: a digest keyed with SECRET_KEY (16 hex characters, the
    width of django-otp's token column), never the code, so whoever reads the table holds no
    second factor. Rotating SECRET_KEY voids the codes; their holders start again with their
    authenticator."""
    return salted_hmac(RECOVERY_SALT, code, algorithm="sha256").hexdigest()[:16]


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    tokens = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=stored_recovery_code(token)) for token in tokens
    )
    return tokens


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]  # shown once, formatted for reading


def _already_set_up() -> ActionRefused:
    return ActionRefused(_("Two-step verification is already set up for this account."))


def enrolment_confirm(*, user: User, code: str) -> Enrolment:
    """Confirm the pending authenticator with a code from it, and issue new recovery codes."""
    code = normalised_code(code)
    if authenticator(user) is not None:
        raise _already_set_up()
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise ActionRefused(_("Scan the QR code again: the set-up has expired."), field="code")
    throttled = _throttled(device)
    if throttled is not None:
        raise throttled
    # Outside the transaction below: a wrong code's count in django-otp's delay must stay.
    if not TOTP_CODE.fullmatch(code) or verify_token(user, device.persistent_id, code) is None:
        raise CodeRefused(
            _(
                "This code does not match. Check that the phone shows the right time, "
                "then enter the 6-digit code it shows now."
            ),
            wrong=True,
        )
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if authenticator(user) is not None:
            raise _already_set_up()  # confirmed meanwhile, in another tab
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if device is None:
            raise ActionRefused(_("Scan the QR code again: the set-up has expired."), field="code")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        tokens = _new_recovery_codes(user)
    return Enrolment(device=device, recovery_codes=[recovery_code_display(t) for t in tokens])


# --- the code after the password ------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    device: TOTPDevice | StaticDevice
    recovery_code_used: bool
    recovery_codes_left: int | None  # after a recovery code was used


def _wrong_code() -> CodeRefused:
    return CodeRefused(
        _(
            "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
            "or one of your recovery codes."
        ),
        wrong=True,
    )


def code_verify(*, user: User, code: str) -> Verification:
    """Check a code from the authenticator, or a recovery code (which is then used up).

    Raises CodeRefused for a wrong or throttled code; the caller counts a wrong one.
    """
    code = normalised_code(code)
    if not code:
        raise CodeRefused(_("Enter the code."), wrong=False)
    if TOTP_CODE.fullmatch(code):
        device = authenticator(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        raise _wrong_code()
    throttled = _throttled(device)
    if throttled is not None:
        raise throttled
    if isinstance(device, StaticDevice):
        code = stored_recovery_code(code)
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise _wrong_code()
    is_recovery = isinstance(verified, StaticDevice)
    return Verification(
        device=verified,
        recovery_code_used=is_recovery,
        recovery_codes_left=recovery_codes_left(user) if is_recovery else None,
    )


# --- starting again -------------------------------------------------------------------------


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def second_factor_replace_own(*, user: User, code: str) -> None:
    """The account holder starts again (a new phone, used-up recovery codes): only with a
    current code, so that a signed-in session alone cannot remove the second factor."""
    code_verify(user=user, code=code)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        _remove_devices(user)


def second_factor_reset(*, actor: User, user: User, reason: str) -> None:
    """A security administrator removes another account's second factor (a lost phone); the
    account holder sets up a new one at their next sign-in."""
    require_perm(actor, RESET_PERMISSION)
    if actor.pk == user.pk:
        raise ActionRefused(
            _(
                "Nobody resets their own second factor here: use the two-step verification "
                "page with a current code."
            )
        )
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Give the reason for the reset."), field="reason")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(
            user=user
        ).exists():
            raise ActionRefused(_("This account has no second factor to reset."))
        _remove_devices(user)
