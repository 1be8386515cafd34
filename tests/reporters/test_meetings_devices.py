"""Work meetings with the reporters' suggestions and what was done about them, and checks of
the reporters' devices and storage media (REP-13)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from reporters.devices import services as devices
from reporters.meetings import services as meetings
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_reporter

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def _meeting(manager, attendees):
    return meetings.meeting_record(
        actor=manager, held_on=YESTERDAY, place="社区会议室", attendees=attendees,
        other_attendees="王主任", minutes="通报第四季度信息报送情况",
    )


def test_a_suggestion_from_the_meeting_shows_what_was_done_about_it(client, manager):
    present, _p = make_reporter(manager)
    absent, _q = make_reporter(manager)
    meeting = _meeting(manager, [present])
    with pytest.raises(ActionRefused) as refused:
        meetings.suggestion_add(actor=manager, meeting=meeting, reporter=absent,
                                suggestion="增加培训")
    assert refused.value.field == "reporter"
    suggestion = meetings.suggestion_add(actor=manager, meeting=meeting, reporter=present,
                                         suggestion="希望配发工作证")
    client.force_login(present)
    page = client.get(reverse("reporters:meeting_detail", args=[meeting.pk])).content.decode()
    assert "希望配发工作证" in page and "尚未登记" in page
    meetings.suggestion_action(actor=manager, suggestion=suggestion,
                               action_taken="已制作工作证并发放")
    page = client.get(reverse("reporters:meeting_detail", args=[meeting.pk])).content.decode()
    assert "已制作工作证并发放" in page
    client.force_login(absent)
    assert client.get(
        reverse("reporters:meeting_detail", args=[meeting.pk])
    ).status_code == 404


def test_a_problem_found_on_a_device_needs_the_findings_and_the_action(manager):
    reporter, _profile = make_reporter(manager)
    with pytest.raises(ActionRefused) as refused:
        devices.device_check_record(
            actor=manager, reporter=reporter, checked_on=YESTERDAY, device_kind="storage",
            device="U盘 8G", result="problem", findings="未加密存放居民名单", action="",
        )
    assert refused.value.field == "action"


def test_device_checks_show_on_the_work_file_for_the_reporter_and_the_reviewer(client, manager):
    reviewer = make_user(roles.FRONT_DESK)
    group = make_group(manager, reviewer=reviewer)
    reporter, profile = make_reporter(manager, group=group)
    other, _q = make_reporter(manager)
    devices.device_check_record(
        actor=manager, reporter=reporter, checked_on=YESTERDAY, device_kind="phone",
        device="华为手机", result="problem", findings="未设锁屏密码", action="当场设置锁屏密码",
    )
    devices.device_check_record(
        actor=manager, reporter=other, checked_on=YESTERDAY, device_kind="computer",
        device="联想笔记本", result="passed", findings="", action="",
    )
    for user in (reporter, reviewer):
        client.force_login(user)
        work_file = client.get(
            reverse("reporters:reporter_detail", args=[profile.pk])
        ).content.decode()
        assert "当场设置锁屏密码" in work_file
        listing = client.get(reverse("reporters:device_list")).content.decode()
        assert "华为手机" in listing and "联想笔记本" not in listing


def test_the_meeting_form_refuses_a_meeting_without_reporters(client, manager):
    client.force_login(manager)
    response = client.post(reverse("reporters:meeting_new"),
                           {"held_on": YESTERDAY.isoformat(), "minutes": "会议记录"})
    assert 'id="id_attendees_error"' in response.content.decode()
