"""Two-factor sign-in with TOTP for managers, auditors, supervisors and administrators (ACC-10).

Every sign-in here goes through the sign-in page, as a person's does: `force_login` passes the
second factor on purpose (tests/conftest.py), so it is used only for the security
administrator's own session.
"""

from __future__ import annotations

import base64
import datetime
import re

import pytest
import time_machine
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from residents import roles
from residents.accounts.second_factor import stored_recovery_code
from residents.models import Resident
from tests.factories import PASSWORD, enrol_second_factor, make_resident, make_user, totp_code

pytestmark = pytest.mark.django_db

SETUP = "/accounts/otp/setup/"
VERIFY = "/accounts/otp/verify/"
ADDRESS = "192.0.2.61"


def _sign_in(client, user, *, url=None, address=ADDRESS):
    response = client.post(
        url or reverse("login"), {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _send_code(client, code, *, url=VERIFY, address=ADDRESS, next_url=""):
    data = {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post(url, data, REMOTE_ADDR=address)


def _events(event, **filters):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__event=event, **filters
    ).order_by("pk")


def _signed_in_fully(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _a_wrong_code(user) -> str:
    """Six digits that none of the codes the server accepts now can be."""
    accepted = {totp_code(user, steps_ahead=step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1, 10) if f"{n:06d}" not in accepted)


@pytest.fixture
def enrolled_manager(db):
    manager = make_user(roles.MANAGER)
    manager.recovery_codes = enrol_second_factor(manager).recovery_codes
    return manager


@pytest.fixture
def security_client(db):
    security = make_user(roles.SECURITY_ADMIN)
    client = Client()
    client.force_login(security)
    client.user = security
    return client


# --- who is asked ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [roles.MANAGER, roles.AUDITOR, roles.SYSADMIN, roles.SECURITY_ADMIN, roles.SUPERVISOR]
)
def test_an_account_of_these_roles_without_an_authenticator_is_sent_to_enrolment_everywhere(
    client, role
):
    user = make_user(role)
    resident = make_resident()
    _sign_in(client, user)
    for url in [
        reverse("home"),
        reverse("residents:list"),
        reverse("residents:detail", args=[resident.pk]),
        reverse("audit:trail"),
        reverse("accounts:change_list"),
        reverse("password_change"),
        reverse("otp:accounts"),
        reverse("admin:index"),
        VERIFY,
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SETUP), url
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()


def test_the_enrolment_page_shows_a_qr_code_and_the_key_as_text_for_manual_entry(client):
    manager = make_user(roles.MANAGER)
    _sign_in(client, manager)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=manager)
    assert not device.confirmed
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r'id="otp-secret">([^<]+)<', page).group(1)
    assert shown.replace(" ", "") == secret
    # An inline SVG without inline styles: the content security policy has nothing to refuse.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<path" in svg and "style=" not in svg
    assert "<script" not in page.split("</head>", 1)[1]
    assert "扫描" in page and "验证器" in page
    # The same key on the next visit: the QR code scanned stays valid until confirmed.
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=manager).values_list("key", flat=True)) == [
        device.key
    ]


def test_a_front_desk_account_is_not_asked_for_a_second_factor(client, front_desk):
    _sign_in(client, front_desk)
    assert _signed_in_fully(client)
    assert client.get(reverse("residents:list")).status_code == 200
    assert "不需要" in client.get(SETUP).content.decode()
    assert not TOTPDevice.objects.filter(user=front_desk).exists()


def test_staff_with_the_admin_site_and_the_admin_sign_in_page_need_it_too(client):
    admin = make_user(roles.SYSADMIN)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    _sign_in(client, admin, url=reverse("admin:login"))
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_a_role_given_during_a_session_asks_for_the_second_factor_at_once(client, front_desk):
    _sign_in(client, front_desk)
    assert _signed_in_fully(client)
    front_desk.groups.add(Group.objects.get(name=roles.MANAGER))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_demo_accounts_are_exempt_only_while_demo_mode_is_on(client, settings):
    demo = make_user(roles.MANAGER, username="manager")
    settings.DEMO_MODE = True
    _sign_in(client, demo)
    assert _signed_in_fully(client)
    client.post(reverse("logout"))
    settings.DEMO_MODE = False
    _sign_in(client, demo)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


# --- enrolment ------------------------------------------------------------------------------


def test_enrolment_refuses_a_wrong_code_next_to_the_field_and_confirms_nothing(client):
    manager = make_user(roles.MANAGER)
    _sign_in(client, manager)
    client.get(SETUP)
    response = _send_code(client, _a_wrong_code(manager), url=SETUP)
    page = response.content.decode()
    assert response.status_code == 200
    field = page[page.index('id="id_code"') - 400 :]
    assert "has-error" in field[:400]
    assert "验证码不匹配" in page
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=manager).exists()
    assert not _events("otp_enrolled").exists()
    assert client.get(reverse("home")).url.startswith(SETUP)


def test_enrolment_with_a_code_from_the_key_shown_confirms_and_shows_ten_recovery_codes_once(
    client,
):
    manager = make_user(roles.MANAGER)
    _sign_in(client, manager)
    page = client.get(SETUP + "?next=/audit/").content.decode()
    secret = re.search(r'id="otp-secret">([^<]+)<', page).group(1).replace(" ", "")
    code = f"{totp(base64.b32decode(secret)):06d}"

    response = _send_code(client, code, url=SETUP, next_url="/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", page)
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    # Kept only as keyed digests: reading the table gives nobody a second factor.
    assert {stored_recovery_code(code.replace("-", "")) for code in shown} == stored
    assert not stored & {code.replace("-", "") for code in shown}
    assert 'href="/audit/"' in page
    assert TOTPDevice.objects.get(user=manager).confirmed
    entry = _events("otp_enrolled").get()
    assert entry.actor == manager
    assert entry.remote_addr == ADDRESS
    assert code not in str(entry.additional_data)
    # This session has passed the second factor.
    assert _signed_in_fully(client)
    # Shown once: the page now only counts them.
    again = client.get(SETUP).content.decode()
    assert "10 个恢复码" in again
    assert not any(code in again for code in shown)


# --- the code after the password ------------------------------------------------------------


def test_sign_in_asks_for_the_code_and_a_right_one_lets_the_user_in(client, enrolled_manager):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1), tick=False):
        response = _sign_in(client, enrolled_manager)
        response = client.get(response.url)
        assert response.status_code == 302
        assert response.url.startswith(VERIFY)
        page = client.get(response.url).content.decode()
        assert "验证码" in page and "恢复码" in page
        # No menu yet: the password alone opens nothing.
        assert 'href="/residents/"' not in page and 'href="/audit/"' not in page
        response = _send_code(client, totp_code(enrolled_manager), next_url="/residents/")
    assert response.status_code == 302
    assert response.url == "/residents/"
    assert _signed_in_fully(client)
    entry = _events("otp_verified").get()
    assert entry.actor == enrolled_manager
    assert entry.remote_addr == ADDRESS
    assert entry.object_pk == str(enrolled_manager.pk)


def test_a_wrong_code_is_refused_in_chinese_next_to_the_field_and_audited(
    client, enrolled_manager
):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client, enrolled_manager)
        wrong = _a_wrong_code(enrolled_manager)
        response = _send_code(client, wrong)
        page = response.content.decode()
        assert response.status_code == 200
        assert 'class="error" id="id_code_error"' in page
        assert "验证码不正确" in page
        assert client.get(reverse("home")).url.startswith(VERIFY)
        entry = _events("otp_failed").get()
        assert entry.actor == enrolled_manager
        assert entry.remote_addr == ADDRESS
        assert wrong not in str(entry.additional_data)
        # Right away, even the right code waits for django-otp's delay, unchecked.
        waiting = _send_code(client, totp_code(enrolled_manager)).content.decode()
        assert "请等待" in waiting
        assert _events("otp_failed").count() == 1
        clock.shift(datetime.timedelta(seconds=2))
        assert _send_code(client, totp_code(enrolled_manager)).status_code == 302
    assert _signed_in_fully(client)


def test_five_wrong_codes_sign_out_and_lock_the_account_for_fifteen_minutes(
    client, enrolled_manager
):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client, enrolled_manager)
        for _attempt in range(4):
            assert _send_code(client, _a_wrong_code(enrolled_manager)).status_code == 200
            clock.shift(datetime.timedelta(seconds=30))  # past django-otp's delay
        wrong = _a_wrong_code(enrolled_manager)
        locked = _send_code(client, wrong)
        assert locked.status_code == 429
        # django-axes keeps the attempts, without the codes typed.
        assert wrong not in " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
        assert "登录已暂时锁定" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        assert _events("otp_failed").last().additional_data["locked_out"] is True
        # The password alone, from another address, does not help for fifteen minutes.
        again = client.post(
            reverse("login"),
            {"username": enrolled_manager.username, "password": PASSWORD},
            REMOTE_ADDR="198.51.100.9",
        )
        assert again.status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        _sign_in(client, enrolled_manager, address="198.51.100.9")
        assert _send_code(
            client, totp_code(enrolled_manager), address="198.51.100.9"
        ).status_code == 302
    assert _signed_in_fully(client)


def test_a_recovery_code_signs_in_once_and_is_then_gone(client, enrolled_manager):
    code = enrolled_manager.recovery_codes[0]
    _sign_in(client, enrolled_manager)
    # Typed in capitals without the hyphen: still the same code.
    response = _send_code(client, code.replace("-", "").upper())
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "该恢复码不能再次使用。还剩 9 个恢复码" in home.content.decode()
    entry = _events("otp_recovery_code_used").get()
    assert entry.actor == enrolled_manager
    assert entry.additional_data["recovery_codes_left"] == 9
    assert code.replace("-", "") not in str(entry.additional_data)
    client.post(reverse("logout"))

    _sign_in(client, enrolled_manager)
    response = _send_code(client, code)
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("home")).url.startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=enrolled_manager).count() == 9


def test_a_crafted_request_to_a_resident_page_before_the_code_reads_nothing(
    client, enrolled_manager
):
    resident = make_resident(actor=enrolled_manager)
    _sign_in(client, enrolled_manager)
    reads_before = _events("read").count()
    for method, url, data in [
        ("get", reverse("residents:detail", args=[resident.pk]), {}),
        ("get", reverse("residents:list") + f"?q={resident.id_number}", {}),
        ("post", reverse("residents:reveal", args=[resident.pk]),
         {"field": "id_number", "reason": "核对"}),
        ("post", reverse("residents:edit", args=[resident.pk]), {"name": "改名"}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url
        body = response.content.decode()
        assert resident.name not in body and resident.id_number not in body
    assert _events("read").count() == reads_before
    assert _events("reveal").count() == 0
    assert Resident.objects.get(pk=resident.pk).name == resident.name


def test_an_expired_password_is_changed_after_the_second_factor(client, enrolled_manager):
    from residents.models import PasswordHistory

    PasswordHistory.objects.filter(user=enrolled_manager).update(
        changed_at=timezone.now() - datetime.timedelta(days=200)
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1), tick=False):
        _sign_in(client, enrolled_manager)
        assert client.get(reverse("password_change")).url.startswith(VERIFY)
        assert client.get(VERIFY).status_code == 200
        assert _send_code(client, totp_code(enrolled_manager)).status_code == 302
    assert client.get(reverse("home")).url == reverse("password_change")


# --- starting again and resets --------------------------------------------------------------


def test_the_holder_starts_again_only_with_a_current_code(client, enrolled_manager):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1), tick=False) as clock:
        _sign_in(client, enrolled_manager)
        _send_code(client, totp_code(enrolled_manager))
        replace = reverse("otp:replace")
        refused = client.post(replace, {"code": _a_wrong_code(enrolled_manager)})
        assert refused.status_code == 200
        assert "验证码不正确" in refused.content.decode()
        assert TOTPDevice.objects.filter(user=enrolled_manager, confirmed=True).exists()
        assert _events("otp_failed").count() == 1
        clock.shift(datetime.timedelta(minutes=1))
        response = client.post(replace, {"code": enrolled_manager.recovery_codes[1]})
    assert response.status_code == 302
    assert response.url == SETUP
    assert not TOTPDevice.objects.filter(user=enrolled_manager, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=enrolled_manager).exists()
    assert _events("otp_reset").get().actor == enrolled_manager
    assert client.get(reverse("home")).url.startswith(SETUP)


def test_a_security_admin_resets_anothers_second_factor_with_a_reason_and_audit(
    security_client, enrolled_manager
):
    url = reverse("otp:reset", args=[enrolled_manager.pk])
    security_client.post(url, {"reason": "  "})
    assert TOTPDevice.objects.filter(user=enrolled_manager).exists()

    response = security_client.post(url, {"reason": "手机丢失"}, REMOTE_ADDR="192.0.2.70")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled_manager).exists()
    assert not StaticDevice.objects.filter(user=enrolled_manager).exists()
    entry = _events("otp_reset").get()
    assert entry.actor == security_client.user
    assert entry.object_pk == str(enrolled_manager.pk)
    assert entry.additional_data["reason"] == "手机丢失"
    assert entry.remote_addr == "192.0.2.70"

    manager = Client()
    _sign_in(manager, enrolled_manager)
    assert manager.get(reverse("home")).url.startswith(SETUP)


def test_nobody_resets_their_own_second_factor_on_the_reset_page(security_client):
    security = security_client.user
    assert TOTPDevice.objects.filter(user=security, confirmed=True).exists()
    response = security_client.post(
        reverse("otp:reset", args=[security.pk]), {"reason": "换手机"}, follow=True
    )
    assert "任何人都不能在此重置自己的两步验证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=security, confirmed=True).exists()
    assert not _events("otp_reset").exists()


def test_only_security_admins_reset_and_see_the_list(client, enrolled_manager, security_client):
    page = security_client.get(reverse("otp:accounts")).content.decode()
    row = page[page.index(f'id="account-{enrolled_manager.pk}"') :].split("</tr>", 1)[0]
    assert enrolled_manager.username in row
    assert "已设置" in row and "10" in row and "重置" in row
    own = page[page.index(f'id="account-{security_client.user.pk}"') :].split("</tr>", 1)[0]
    assert "<form" not in own

    sysadmin = make_user(roles.SYSADMIN)
    client.force_login(sysadmin)
    assert client.get(reverse("otp:accounts")).status_code == 403
    url = reverse("otp:reset", args=[enrolled_manager.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=enrolled_manager).exists()


# --- the audit trail ------------------------------------------------------------------------


def test_the_audit_trail_shows_the_second_factor_in_chinese(client, enrolled_manager):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1), tick=False) as clock:
        _sign_in(client, enrolled_manager)
        _send_code(client, _a_wrong_code(enrolled_manager))
        clock.shift(datetime.timedelta(seconds=5))
        _send_code(client, totp_code(enrolled_manager))
    auditor = Client()
    auditor.force_login(make_user(roles.AUDITOR))
    page = auditor.get(reverse("audit:trail"), {"action": "sign_in"}).content.decode()
    for label in ("验证码错误", "通过两步验证"):
        assert label in page
