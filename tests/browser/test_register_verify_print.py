"""End to end in a real browser: a front-desk clerk registers, a colleague verifies (four eyes,
ACC-8) and prints a slip."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from residents import roles
from residents.access.masking import mask_id_number
from residents.models import Resident
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the roles (groups) come from a data migration, which the flush after
    # a transactional test removes; this restores them before the test, and after it leaves the
    # flush without post_migrate, so later serialized-rollback tests can restore theirs too.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARCHIVE_NUMBER = re.compile(r"^JM-\d{4}-\d{6}$")


def test_front_desk_registers_a_colleague_verifies_and_prints_a_slip(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    colleague = factories.make_user(roles.FRONT_DESK)
    data = factories.registration_data()

    # Log in with the keyboard only.
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").focus()
    page.keyboard.type(clerk.username)
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/residents/new/")
    form = page.locator("form.registration")
    form.locator("[name=name]").fill(data["name"])
    # Typed key by key, so the page's script fills birth date and gender from the number.
    form.locator("[name=id_number]").press_sequentially(data["id_number"])
    assert form.locator("[name=birth_date]").input_value() == data["birth_date"].isoformat()
    assert form.locator("[name=gender]").input_value() == data["gender"]
    form.locator("[name=hukou_location]").fill(data["hukou_location"])
    form.locator("[name=address]").fill(data["address"])
    form.locator("[name=residence_type]").select_option(data["residence_type"])
    form.locator("[name=phone]").fill(data["phone"])
    form.locator("input[name=documents_checked][value=id_card]").check()
    form.locator("input[name=consent_optional]").check()
    page.screenshot(path="/tmp/form.png", full_page=True)

    form.locator("button[name=submit]").click()
    page.wait_for_url(re.compile(r"/residents/\d+/$"))
    resident = Resident.objects.get(id_number=data["id_number"])
    assert page.url == f"{live_server.url}/residents/{resident.pk}/"
    assert resident.status == "submitted"

    # The clerk who entered it is not offered the verification, and is told why.
    expect(page.locator("form[action$='/verify/']")).to_have_count(0)
    expect(page.locator("#verify-held")).to_contain_text("需由其他工作人员审核")
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    page.locator("input[name=username]").fill(colleague.username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/{resident.pk}/")
    page.locator("form[action$='/verify/'] button[type=submit]").click()
    # Waits for the redirected detail page to show the newly assigned number.
    expect(page.locator("#archive-number")).to_have_text(ARCHIVE_NUMBER)
    resident.refresh_from_db()
    assert resident.status == "verified"
    expect(page.locator("#archive-number")).to_have_text(resident.archive_number)
    page.screenshot(path="/tmp/detail.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator("form[action$='/slip/'] button[type=submit]").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf_file:
        pdf_bytes = pdf_file.read()
    assert pdf_bytes.startswith(b"%PDF-")
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf_bytes)).pages)
    compact = re.sub(r"\s+", "", text)
    assert data["name"] in compact
    assert resident.archive_number in compact
    assert data["id_number"] not in compact  # front desk sees the ID number masked
    assert mask_id_number(data["id_number"]) in compact
    assert resident.name not in download.suggested_filename
