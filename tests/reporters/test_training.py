"""Training of reporters (REP-7, REP-14): sessions with topics, lecturer and hours; each
reporter's quarterly compliance (at least one session and two hours) on the work file and on
the managers' list."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from reporters.models import TrainingSession
from reporters.training import services as training
from reporters.training.selectors import Quarter, compliance_of, non_compliant
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
DECEMBER = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def _session(manager, attendees, *, held_on, hours="2.0", **extra):
    values = dict(
        title="信息报告撰写规范", topics=["writing", "laws"], lecturer_kind="expert",
        lecturer_staff=None, lecturer_name="李教授（市社科院）", place="社区活动室",
        summary="讲解报告固定格式", attendees=attendees,
    )
    values.update(extra)
    return training.training_save(
        actor=manager, session=None, held_on=held_on, hours=Decimal(hours), **values
    )


def test_quarterly_compliance_needs_one_session_and_two_hours_in_the_quarter(manager):
    with time_machine.travel(DECEMBER, tick=False):
        trained, trained_profile = make_reporter(manager, started_days_ago=200)
        short, short_profile = make_reporter(manager, started_days_ago=200)
        absent, absent_profile = make_reporter(manager, started_days_ago=200)
        _session(manager, [trained], held_on=datetime.date(2026, 10, 1))
        _session(manager, [short], held_on=datetime.date(2026, 11, 5), hours="1.5")
        # The last day of the third quarter does not count for the fourth.
        _session(manager, [absent, short], held_on=datetime.date(2026, 9, 30), hours="3")
        quarter = Quarter.of()
        assert str(quarter) == "2026-4"
        assert compliance_of(trained_profile, quarter)["compliant"]
        short_row = compliance_of(short_profile, quarter)
        assert short_row["sessions"] == 1 and short_row["hours"] == Decimal("1.5")
        assert not short_row["compliant"]
        assert compliance_of(absent_profile, quarter.previous)["compliant"]
        assert set(non_compliant(manager, quarter)) == {short_profile, absent_profile}


def test_managers_list_the_reporters_short_of_the_minimum(client, manager):
    with time_machine.travel(DECEMBER, tick=False):
        trained, trained_profile = make_reporter(manager)
        _idle, idle_profile = make_reporter(manager)
        _session(manager, [trained], held_on=datetime.date(2026, 12, 1))
        client.force_login(manager)
        page = client.get(reverse("reporters:training_compliance")).content.decode()
        previous = client.get(
            reverse("reporters:training_compliance") + "?quarter=2026-3"
        ).content.decode()
    detail = reverse("reporters:reporter_detail", args=[idle_profile.pk])
    assert detail in page
    assert reverse("reporters:reporter_detail", args=[trained_profile.pk]) not in page
    # Both had started only 30 days before: the third quarter asks nothing of them.
    assert detail not in previous


def test_the_work_file_shows_the_quarters_training(client, manager):
    with time_machine.travel(DECEMBER, tick=False):
        reporter, profile = make_reporter(manager)
        _session(manager, [reporter], held_on=datetime.date(2026, 12, 1), hours="1")
        client.force_login(reporter)
        page = client.get(
            reverse("reporters:reporter_detail", args=[profile.pk])
        ).content.decode()
    assert "信息报告撰写规范" in page
    assert "2026-4" in page and "未达到" in page


def test_a_session_names_its_lecturer_and_a_staff_lecturer_is_chosen(manager):
    with time_machine.travel(DECEMBER, tick=False):
        reporter, _profile = make_reporter(manager)
        with pytest.raises(ActionRefused) as refused:
            _session(manager, [reporter], held_on=datetime.date(2026, 12, 1),
                     lecturer_kind="staff", lecturer_name="")
        assert refused.value.field == "lecturer_staff"
        session = _session(manager, [reporter], held_on=datetime.date(2026, 12, 1),
                           lecturer_kind="staff", lecturer_staff=manager)
        assert session.lecturer == manager.username


def test_the_training_form_refuses_a_session_without_topics_or_attendees(client, manager):
    client.force_login(manager)
    response = client.post(reverse("reporters:training_new"), {
        "held_on": "2026-11-01", "title": "培训", "lecturer_kind": "expert",
        "lecturer_name": "", "hours": "0",
    })
    page = response.content.decode()
    assert response.status_code == 200
    for field in ("topics", "attendees", "lecturer_name", "hours"):
        assert f'id="id_{field}_error"' in page
    assert not TrainingSession.objects.exists()


def test_a_reporter_sees_only_the_sessions_they_attended(client, manager):
    reviewer = make_user(roles.FRONT_DESK)
    group = make_group(manager, reviewer=reviewer)
    with time_machine.travel(DECEMBER, tick=False):
        member, _p = make_reporter(manager, group=group)
        other, _q = make_reporter(manager)
        theirs = _session(manager, [member], held_on=datetime.date(2026, 12, 1))
        others = _session(manager, [other], held_on=datetime.date(2026, 12, 2), title="法规")
    for user, seen in ((member, {theirs}), (reviewer, {theirs}), (other, {others}),
                       (manager, {theirs, others})):
        client.force_login(user)
        page = client.get(reverse("reporters:training_list")).content.decode()
        for session in (theirs, others):
            url = reverse("reporters:training_detail", args=[session.pk])
            assert (url in page) == (session in seen)
