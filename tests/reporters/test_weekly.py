"""The weekly rhythm (REP-3, REP-11): the Friday 17:00 deadline, the managers' reminder, and
the week's approved reports mailed as one PDF."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from reporters.models import WeeklyMailing
from reporters.review import services as review
from reporters.weekly import services as weekly
from residents import roles
from residents.models import Notification
from tests.factories import make_user
from tests.reporters.helpers import OPINION, make_report, make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
# Monday 30 November 2026 … Friday 4 December 2026.
TUESDAY = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BEIJING)
FRIDAY_BEFORE = datetime.datetime(2026, 12, 4, 16, 59, tzinfo=BEIJING)
FRIDAY_AFTER = datetime.datetime(2026, 12, 4, 17, 1, tzinfo=BEIJING)
ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def test_the_routine_report_is_due_on_friday_at_five_beijing_time(manager):
    with time_machine.travel(FRIDAY_BEFORE, tick=False):
        start, due = weekly.week_bounds()
        assert start == datetime.datetime(2026, 11, 30, 0, 0, tzinfo=BEIJING)
        assert due == datetime.datetime(2026, 12, 4, 17, 0, tzinfo=BEIJING)
        assert not weekly.is_past_due()
    with time_machine.travel(FRIDAY_AFTER, tick=False):
        assert weekly.is_past_due()


def test_managers_see_and_are_told_who_has_not_reported_this_week(client, manager):
    with time_machine.travel(TUESDAY, tick=False):
        diligent, _p = make_reporter(manager)
        _idle, idle_profile = make_reporter(manager)
        make_report(diligent, submit=True)
    with time_machine.travel(FRIDAY_AFTER, tick=False):
        assert list(weekly.reporters_missing()) == [idle_profile]
        client.force_login(manager)
        page = client.get(reverse("reporters:weekly")).content.decode()
        assert idle_profile.display_name in page and "超时" in page
        assert weekly.weekly_reminder() == 1
        weekly.weekly_reminder()
    reminders = Notification.objects.filter(recipient=manager,
                                            key="reporters-weekly-missing-2026-11-30")
    assert reminders.count() == 1
    assert "1 名信息报告员" in reminders.get().text


def test_the_weeks_approved_reports_are_mailed_once_as_a_pdf(settings, manager):
    settings.REPORT_MAILBOX = "guanli@example.org"
    with time_machine.travel(TUESDAY, tick=False):
        reporter, _p = make_reporter(manager)
        approved = make_report(reporter, submit=True)
        review.report_review(actor=manager, report=approved, **ALL_GOOD)
        waiting = make_report(reporter, {**OPINION, "title": "尚未审核的报告"}, submit=True)
    with time_machine.travel(FRIDAY_AFTER, tick=False):
        mailing = weekly.weekly_compile_and_mail()
        assert weekly.weekly_compile_and_mail() is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guanli@example.org"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert approved.number in text and "建议增设健身器材" in text
    assert waiting.number not in text
    assert mailing.report_numbers == [approved.number]
    assert bytes(WeeklyMailing.objects.get().attachment) == content
