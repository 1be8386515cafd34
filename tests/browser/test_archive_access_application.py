"""End to end in a real browser: a clerk applies to view a volume (ARC-8), a manager approves
a viewing window today and names the supervisor, and the clerk views the volume in the window."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from archives.models import AccessApplication, ArchiveCategory, ContentClass, VolumeItem
from archives.volumes import services as volumes
from residents import roles
from tests import factories
from tests.browser.test_change_request_slip import _log_in, _log_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_apply_approve_and_view_in_the_window(live_server, page):
    clerk = factories.make_user(roles.FRONT_DESK)
    manager = factories.make_user(roles.MANAGER)
    supervisor = factories.make_user(roles.MANAGER)
    factories.enrol_second_factor(manager)
    resident = factories.make_resident(actor=clerk)
    volume = volumes.volume_open(
        actor=manager, title="户籍居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.BASIC, year=timezone.localdate().year,
    )
    VolumeItem.objects.create(volume=volume, resident=resident)

    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/archives/applications/new/")
    page.locator("[name=purpose]").fill("核对低保申请材料")
    page.locator(f"input[name=volumes][value='{volume.pk}']").check()
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/archives/applications/\d+/$"))
    application = AccessApplication.objects.get(applicant=clerk)
    expect(page.locator("#status")).to_contain_text("待审批")
    _log_out(page)

    _log_in(page, live_server, manager, second_factor=True)
    page.goto(f"{live_server.url}/archives/applications/{application.pk}/")
    approve = page.locator(f"form[action$='/applications/{application.pk}/approve/']")
    approve.locator("[name=day]").fill(timezone.localdate().isoformat())
    approve.locator("[name=start]").fill("00:00")
    approve.locator("[name=end]").fill("23:59")
    approve.locator("[name=supervisor]").select_option(str(supervisor.pk))
    approve.locator("button[type=submit]").click()
    expect(page.locator("#status")).to_contain_text("已批准")
    _log_out(page)

    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/archives/applications/{application.pk}/")
    page.locator(f"a[href$='/applications/{application.pk}/view/']").click()
    expect(page.locator("#items")).to_contain_text(resident.archive_number)
