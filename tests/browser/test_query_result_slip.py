"""End to end in a real browser: a query request from the window to the printed query result
slip (QRY-1), which prints only once the ID number typed from the card presented matches."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from stdnum.cn import ric

from casework.models import Case, CaseKind, CaseSlip
from residents import roles
from residents.access.masking import mask_id_number
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_query_slip_is_printed_after_the_card_number_is_typed(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    resident = factories.make_resident(actor=clerk)
    _log_in(page, live_server, clerk)

    # Open the request with its purpose, then record the identity document checked.
    page.goto(f"{live_server.url}/casework/queries/new/{resident.pk}/")
    expect(page.locator("main")).to_contain_text(mask_id_number(resident.id_number))
    page.locator("[name=purpose]").fill("办理社保业务，需核对本人户籍登记信息")
    page.locator("form.query-open button[type=submit]").click()
    page.wait_for_url(re.compile(r"/casework/cases/\d+/$"))
    case = Case.objects.get(kind=CaseKind.QUERY, resident=resident)
    identity = page.locator("form[action$='/query/identity/']")
    identity.locator("input[value=id_card]").check()
    identity.locator("button[type=submit]").click()
    expect(page.locator(".status-case-identity_checked").first).to_be_visible()

    # A wrong number: the reason shows next to the field, nothing is printed.
    printing = page.locator("form[action$='/query/result/']")
    # Another valid number of the same birth date: only the comparison with the record fails.
    body = resident.id_number[:14] + f"{(int(resident.id_number[14:17]) + 2) % 1000:03d}"
    wrong = body + ric.calc_check_digit(body + "0")
    printing.locator("[name=print-id_number]").fill(wrong)
    printing.locator("button[type=submit]").click()
    error = page.locator("#id_print-id_number_error")
    expect(error).to_contain_text("证件号码与登记信息不一致")
    # The typed number is not sent back into the page.
    expect(page.locator("[name=print-id_number]")).to_have_value("")
    assert not CaseSlip.objects.exists()

    # The number from the card, typed with spaces: the slip downloads.
    number = resident.id_number.lower()
    printing = page.locator("form[action$='/query/result/']")
    printing.locator("[name=print-id_number]").fill(f"{number[:6]} {number[6:14]} {number[14:]}")
    with page.expect_download() as download_info:
        printing.locator("button[type=submit]").click()
    download = download_info.value
    # The number typed is not left on the screen at the window.
    expect(page.locator("[name=print-id_number]")).to_have_value("")
    with open(download.path(), "rb") as pdf_file:
        pdf_bytes = pdf_file.read()
    assert pdf_bytes.startswith(b"%PDF-")
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    )
    slip = CaseSlip.objects.get(case=case)
    assert slip.verification_code in text
    assert resident.id_number in text
    assert resident.name not in download.suggested_filename
    assert Case.objects.get(pk=case.pk).status == "answered"
    page.screenshot(path="/tmp/query_result_printed.png", full_page=True)
