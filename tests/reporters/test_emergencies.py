"""Emergency reports (REP-4, REP-12): the written report within 60 minutes of the call, the
escalation when it is missed, the print with the group's seal and a signature area."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reporters.emergencies import services as emergencies
from reporters.groups.services import group_save
from reporters.models import EmergencyCall, ReporterProfile
from reporters.weekly.worklists import reporter_cards
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Notification
from tests.factories import make_user
from tests.reporters.helpers import PNG_1X1, make_group, make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
CALL = datetime.datetime(2026, 11, 30, 14, 0, tzinfo=BEIJING)
WRITTEN = dict(place="五号楼", course="厨房起火，已扑灭", impact_scope="一户",
               measures_taken="报119，疏散居民")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


@pytest.fixture
def reporter(manager):
    group = make_group(manager, name="东区小组")
    user, _profile = make_reporter(manager, group=group)
    return user


def _log(actor, reporter) -> EmergencyCall:
    return emergencies.emergency_log_call(
        actor=actor, reporter=reporter, kind="fire", called_at=CALL, basic_facts="五号楼冒烟"
    )


def test_the_written_report_is_due_sixty_minutes_after_the_call(reporter):
    with time_machine.travel(CALL + datetime.timedelta(minutes=2), tick=False):
        call = _log(reporter, reporter)
        assert call.written_due_at == CALL + datetime.timedelta(minutes=60)
        assert call.seconds_left() == 58 * 60
    with time_machine.travel(CALL + datetime.timedelta(minutes=59), tick=False):
        emergencies.emergency_write(actor=reporter, call=call, occurred_at=CALL, **WRITTEN)
        call.refresh_from_db()
        assert not call.is_overdue()


def test_a_missed_deadline_tells_the_managers_once_and_flags_the_work_list(manager, reporter):
    with time_machine.travel(CALL + datetime.timedelta(minutes=1), tick=False):
        call = _log(reporter, reporter)
    with time_machine.travel(CALL + datetime.timedelta(minutes=59), tick=False):
        assert emergencies.emergencies_escalate_overdue() == 0
    with time_machine.travel(CALL + datetime.timedelta(minutes=61), tick=False):
        assert emergencies.emergencies_escalate_overdue() == 1
        assert emergencies.emergencies_escalate_overdue() == 0
        cards = {card["title"]: card["count"] for card in reporter_cards(manager)}
        assert cards["书面报告超时的紧急信息报告"] == 1
    sent = Notification.objects.filter(recipient=manager, key=f"emergency-overdue-{call.pk}")
    assert sent.count() == 1
    assert call.number in sent.get().text
    # A late written report is accepted and stays flagged late.
    with time_machine.travel(CALL + datetime.timedelta(minutes=75), tick=False):
        emergencies.emergency_write(actor=reporter, call=call, occurred_at=CALL, **WRITTEN)
        call.refresh_from_db()
        assert call.is_overdue()


def test_the_page_shows_the_countdown_until_the_deadline(client, reporter):
    with time_machine.travel(CALL + datetime.timedelta(minutes=15), tick=False):
        call = _log(reporter, reporter)
        client.force_login(reporter)
        page = client.get(reverse("reporters:emergency_detail", args=[call.pk])).content.decode()
        assert f'data-countdown="{45 * 60}"' in page
    with time_machine.travel(CALL + datetime.timedelta(minutes=61), tick=False):
        client.force_login(reporter)  # a fresh sign-in: the idle session has timed out
        page = client.get(reverse("reporters:emergency_detail", args=[call.pk])).content.decode()
        assert "书面报告已超时" in page


def test_a_reporter_logs_only_their_own_call(manager, reporter):
    other, _profile = make_reporter(manager)
    with pytest.raises(ActionRefused) as refused:
        _log(reporter, other)
    assert refused.value.field == "reporter"


def test_the_printed_written_report_has_the_groups_seal_and_a_signature_area(
    client, manager, reporter
):
    group = ReporterProfile.objects.get(user=reporter).group
    group_save(actor=manager, group=group, name=group.name, reviewer=None, seal=PNG_1X1)
    with time_machine.travel(CALL + datetime.timedelta(minutes=5), tick=False):
        call = _log(manager, reporter)
        emergencies.emergency_write(actor=reporter, call=call, occurred_at=CALL, **WRITTEN)
    client.force_login(reporter)
    response = client.post(reverse("reporters:emergency_print", args=[call.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("紧急信息书面报告", call.number, "五号楼", "影响范围", "签字", "东区小组"):
        assert expected in text, expected
    assert any(page.images for page in reader.pages), "the seal image is printed"
