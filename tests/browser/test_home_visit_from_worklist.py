"""End to end in a real browser: from the morning re-check work list to a recorded home visit."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from residents import roles
from residents.models import ContactRecord, Resident
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = "入户走访，老人独居，身体尚可，叮嘱注意用电安全"
FOLLOW_UP = "一个月后再次走访"


def test_front_desk_records_a_home_visit_from_the_recheck_work_list(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    resident = factories.make_resident(actor=clerk, name="赵桂兰")
    # Verified four years ago: overdue for its re-check, so on the work list.
    Resident.objects.filter(pk=resident.pk).update(
        verified_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").focus()
    page.keyboard.type(clerk.username)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/residents/worklists/rechecks/")
    row = page.locator(f"#recheck-{resident.pk}")
    expect(row).to_contain_text("赵桂兰")
    # Follow the link with the keyboard.
    row.locator("a.record-visit").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/residents/{resident.pk}/tracking/contacts/new/\?kind=visit$"))

    form = page.locator("form.contact-form")
    expect(form.locator("[name=kind]")).to_have_value("visit")
    expect(form.locator("[name=occurred_on]")).to_have_value(timezone.localdate().isoformat())
    form.locator("[name=summary]").focus()
    page.keyboard.type(SUMMARY)
    page.keyboard.press("Tab")
    expect(form.locator("[name=follow_up]")).to_be_focused()
    page.keyboard.type(FOLLOW_UP)
    page.keyboard.press("Tab")
    expect(form.locator("button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/residents/{resident.pk}/tracking/")
    visit_row = page.locator("#contacts tr.contact-visit")
    expect(visit_row).to_contain_text(SUMMARY[:20])
    expect(visit_row).to_contain_text(FOLLOW_UP)
    record = ContactRecord.objects.get(resident=resident)
    assert (record.kind, record.staff_id, record.summary, record.follow_up) == (
        "visit", clerk.pk, SUMMARY, FOLLOW_UP
    )
    assert record.occurred_on == timezone.localdate()
