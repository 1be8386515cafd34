"""Test data built through the same services the application uses."""

from __future__ import annotations

import datetime
import itertools
import random
import time

from django.contrib.auth.models import Group, User
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from residents.accounts import second_factor
from residents.common.id_numbers import random_id_number
from residents.demo.seed import DEMO_ACCOUNTS
from residents.models import IdentityDocument, ResidenceType
from residents.people import services

PASSWORD = "Test-passw0rd-2026"
_rng = random.Random(20261124)
_counter = itertools.count(1)


def _fresh_username(role: str | None) -> str:
    """A new username, never one of the demo accounts (manager2, reporter2): those are exempt
    from password expiry and the second factor while DEMO_MODE is on, as in the tests."""
    while True:
        username = f"{role or 'nobody'}{next(_counter)}"
        if username not in DEMO_ACCOUNTS:
            return username


def make_user(role: str | None, username: str | None = None) -> User:
    username = username or _fresh_username(role)
    user = User.objects.create_user(username=username, password=PASSWORD)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def _device(user_or_device) -> TOTPDevice:
    if isinstance(user_or_device, TOTPDevice):
        return user_or_device
    return TOTPDevice.objects.filter(user=user_or_device).order_by("-pk").first()


def totp_code(user_or_device, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` 30-second steps later) for
    the account's authenticator, confirmed or still being set up, as the server counts time
    for it (its stored drift included)."""
    device = _device(user_or_device)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=device.drift + steps_ahead)
    return f"{code:0{device.digits}d}"


def next_totp_code(user_or_device) -> str:
    """A code the server accepts at the next sign-in: the first 30-second step after the last
    one used. A code read just before a step boundary and checked just after it leaves the
    device with a drift and that step used, so "the code of the next step" by the clock alone
    can fall outside what the server accepts."""
    device = _device(user_or_device)
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    code = hotp(device.bin_key, max(device.last_t + 1, now), digits=device.digits)
    return f"{code:0{device.digits}d}"


def enrol_second_factor(user: User) -> second_factor.Enrolment:
    """Set up the account's authenticator through the enrolment services, as the page does."""
    device = second_factor.enrolment_device(user=user)
    return second_factor.enrolment_confirm(user=user, code=totp_code(device))


def registration_data(**overrides) -> dict:
    """Valid form-level data for one new resident, with a fresh valid ID number."""
    n = next(_counter)
    # Spread over 80 years from 1940, wrapping round, so a long run never reaches the future.
    spread = datetime.timedelta(days=(n * 37) % (80 * 365))
    birth = overrides.pop("birth_date", datetime.date(1940, 1, 1) + spread)
    gender = overrides.pop("gender", "M" if n % 2 else "F")
    data = {
        "name": f"测试{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{n}",
        "gender": gender,
        "birth_date": birth,
        "id_number": random_id_number(_rng, birth_date=birth, gender=gender),
        "hukou_location": "北京市东城区",
        "hukou_type": "registered",
        "area": "幸福小区",
        "hukou_moved_in_on": None,
        "address": f"东城区和平里街道{n}号",
        "residence_type": ResidenceType.OWN,
        "living_since": None,
        "phone": f"139{n:08d}",
        "service_needs": "",
        "remarks": "",
        "documents_checked": [IdentityDocument.ID_CARD],
        "consent_optional": True,
    }
    data.update(overrides)
    return data


def colleague_of(user: User | None) -> User | None:
    """A second member of staff in the same roles as `user` (made once per test), for the
    four-eyes step a test does not look at: nobody verifies or reviews their own work."""
    if user is None:
        return None
    username = f"{user.username}-colleague"
    colleague = User.objects.filter(username=username).first()
    if colleague is None:
        colleague = User.objects.create_user(username=username, password=PASSWORD)
        colleague.groups.set(user.groups.all())
    return colleague


def make_resident(*, actor=None, status: str = "verified", verifier=None, **overrides):
    """A resident in the given workflow state, created and moved on by the real services.

    `actor` registers it; a verified one is verified by `verifier`, by default a colleague of
    the registering staff (four eyes)."""
    resident = services.registration_create(
        actor=actor, data=registration_data(**overrides), submit=status != "draft"
    )
    if status == "verified":
        resident = services.registration_verify(
            registration=resident, actor=verifier or colleague_of(actor)
        )
    elif status == "returned":
        resident = services.registration_return(
            registration=resident, actor=actor, reason="请补充户籍信息"
        )
    return resident


def form_payload(data: dict) -> dict:
    """The same data as a browser would post it."""
    payload = {}
    for key, value in data.items():
        if value is None:
            payload[key] = ""
        elif isinstance(value, bool):
            if value:
                payload[key] = "on"
        elif isinstance(value, datetime.date):
            payload[key] = value.isoformat()
        else:
            payload[key] = value
    return payload
