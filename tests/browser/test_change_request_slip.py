"""End to end in a real browser: a change request from the window to the signed update
confirmation slip (UPD-1 … UPD-4), opened, verified and approved by three people (ACC-8)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from casework.models import Case, CaseKind, CaseSlip
from residents import roles
from residents.access.masking import mask_phone
from residents.models import Resident
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OLD_PHONE = "13812345678"
NEW_PHONE = "13998765432"
OLD_ADDRESS = "东城区和平里街道1号"
NEW_ADDRESS = "东城区安定门街道8号院3单元201"


def _log_in(page, live_server, user, *, second_factor: bool = False) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if second_factor:
        # Managers sign in with a code too; the code of this 30-second step set it up.
        page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
        page.locator("input[name=code]").fill(factories.next_totp_code(user))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def _log_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_change_request_is_verified_approved_printed_and_signed(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    colleague = factories.make_user(roles.FRONT_DESK)
    manager = factories.make_user(roles.MANAGER)
    factories.enrol_second_factor(manager)
    resident = factories.make_resident(actor=clerk, phone=OLD_PHONE, address=OLD_ADDRESS)

    # The front desk opens the request: a new address and a new phone number.
    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/casework/residents/{resident.pk}/change/")
    form = page.locator("form.change-request")
    expect(page.locator("#change-row-phone")).to_contain_text(mask_phone(OLD_PHONE))
    expect(form.locator("[name=address]")).to_have_value(OLD_ADDRESS)
    form.locator("[name=address]").fill(NEW_ADDRESS)
    form.locator("[name=phone]").fill(NEW_PHONE)
    form.locator("[name=reason]").fill("居民搬家并更换手机号码")
    form.locator("[name=checked_documents]").fill("居民身份证原件、房屋租赁合同")
    form.locator("[name=happened_on]").fill(timezone.localdate().isoformat())
    page.screenshot(path="/tmp/change_request_form.png", full_page=True)
    form.locator("button[type=submit]").click()
    # The confirmation step shows what the clerk typed in full; nothing is saved yet.
    expect(page.locator("table.change-confirm")).to_contain_text(NEW_PHONE)
    assert not Case.objects.filter(resident=resident).exists()
    page.locator("button[name=confirmed]").click()
    page.wait_for_url(re.compile(r"/casework/cases/\d+/$"))
    case = Case.objects.get(kind=CaseKind.CHANGE, resident=resident)
    assert page.url == f"{live_server.url}/casework/cases/{case.pk}/"
    expect(page.locator("#change-item-address")).to_contain_text(NEW_ADDRESS)
    expect(page.locator("#change-item-phone")).to_contain_text(mask_phone(NEW_PHONE))

    # Four eyes: the clerk who opened it cannot verify it; the page says so.
    expect(page.locator("input[name=action][value=verify]")).to_have_count(0)
    expect(page.locator(".held-step")).to_contain_text("需由其他工作人员审核")
    _log_out(page)

    # A colleague at the front desk verifies it against the documents.
    _log_in(page, live_server, colleague)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    page.locator("form.step-form:has(input[name=action][value=verify]) button").click()
    expect(page.locator(".status-case-verified").first).to_be_visible()
    # A phone number is comprehensive information: the front desk cannot approve it.
    expect(page.locator("form[action$='/approve/']")).to_have_count(0)
    _log_out(page)

    # A manager approves; the record changes at once.
    _log_in(page, live_server, manager, second_factor=True)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    approve = page.locator("form[action$='/approve/']")
    approve.locator("textarea").fill("材料属实，同意变更")
    approve.locator("button[type=submit]").click()
    expect(page.locator(".status-case-approved").first).to_be_visible()
    resident = Resident.objects.get(pk=resident.pk)
    assert (resident.address, resident.phone) == (NEW_ADDRESS, NEW_PHONE)
    _log_out(page)

    # The front desk prints the update confirmation slip for the resident to sign.
    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/")
    with page.expect_download() as download_info:
        page.locator("form[action$='/update-slip/'] button[type=submit]").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf_file:
        pdf_bytes = pdf_file.read()
    assert pdf_bytes.startswith(b"%PDF-")
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    )
    assert OLD_ADDRESS in text and NEW_ADDRESS in text
    assert mask_phone(OLD_PHONE) in text and mask_phone(NEW_PHONE) in text
    assert OLD_PHONE not in text and NEW_PHONE not in text
    assert resident.name not in download.suggested_filename
    slip = CaseSlip.objects.get(case=case)
    assert slip.verification_code in text

    # The resident has signed: record it, and the case is closed.
    page.reload()
    sign = page.locator(f"form[action$='/slips/{slip.pk}/signed/']")
    expect(sign.locator("input[name=signed_on]")).to_have_value(timezone.localdate().isoformat())
    sign.locator("button[type=submit]").click()
    expect(page.locator(".status-case-closed").first).to_be_visible()
    page.screenshot(path="/tmp/change_request_closed.png", full_page=True)
    assert Case.objects.get(pk=case.pk).status == "closed"
    assert CaseSlip.objects.get(pk=slip.pk).signed_on == timezone.localdate()
