"""Tracking (TRK-1 … TRK-4) and periodic re-checks (UPD-6): rules, pages, work lists, demo."""

from __future__ import annotations

import datetime
import random
import threading
import zoneinfo

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from residents import roles
from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.common.errors import ActionRefused
from residents.common.timeline import timeline_for
from residents.models import (
    ContactRecord,
    Emergency,
    EmergencyFollowUp,
    Recheck,
    Resident,
    StatusChange,
)
from residents.tracking import demo as demo_tracking
from residents.tracking import selectors as tracking
from residents.tracking import services
from tests.factories import make_resident, make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _verified_on(resident: Resident, day: datetime.date, hour: int = 10) -> Resident:
    """Backdate the verification (test set-up): the due rule reads its local date."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    Resident.objects.filter(pk=resident.pk).update(verified_at=moment)
    resident.refresh_from_db()
    return resident


def _due_pks(user, day: datetime.date, state: str = "") -> list[int]:
    return list(tracking.rechecks_due(user, state=state, today=day).values_list("pk", flat=True))


# The re-check due rule ---------------------------------------------------------------------


@pytest.fixture
def rule(settings):
    settings.RECHECK_INTERVAL_YEARS = 3
    settings.REVIEW_DUE_WITHIN_DAYS = 14


@pytest.mark.django_db
def test_recheck_becomes_due_exactly_the_window_before_the_interval_ends(rule, front_desk):
    resident = _verified_on(make_resident(), datetime.date(2022, 6, 15))
    due_on = datetime.date(2025, 6, 15)
    assert _due_pks(front_desk, due_on - 15 * DAY) == []
    assert _due_pks(front_desk, due_on - 14 * DAY) == [resident.pk]
    assert _due_pks(front_desk, due_on - 14 * DAY, "due") == [resident.pk]
    assert _due_pks(front_desk, due_on - 14 * DAY, "overdue") == []


@pytest.mark.django_db
def test_recheck_is_overdue_only_from_the_day_after_it_was_due(rule, front_desk):
    resident = _verified_on(make_resident(), datetime.date(2022, 6, 15))
    due_on = datetime.date(2025, 6, 15)
    assert tracking.recheck_status(resident, today=due_on) == tracking.RecheckStatus(
        due_on, True, False
    )
    assert _due_pks(front_desk, due_on, "overdue") == []
    assert _due_pks(front_desk, due_on + DAY, "overdue") == [resident.pk]
    assert _due_pks(front_desk, due_on + DAY, "due") == []
    assert tracking.recheck_status(resident, today=due_on + DAY).overdue


@pytest.mark.django_db
def test_recheck_due_date_from_a_29_february_verification_is_28_february(settings, front_desk):
    settings.RECHECK_INTERVAL_YEARS = 3
    settings.REVIEW_DUE_WITHIN_DAYS = 0
    resident = _verified_on(make_resident(), datetime.date(2024, 2, 29))
    assert tracking.recheck_status(resident, today=datetime.date(2027, 1, 1)).due_on == (
        datetime.date(2027, 2, 28)
    )
    assert _due_pks(front_desk, datetime.date(2027, 2, 27)) == []
    assert _due_pks(front_desk, datetime.date(2027, 2, 28)) == [resident.pk]
    assert _due_pks(front_desk, datetime.date(2027, 2, 28), "overdue") == []
    assert _due_pks(front_desk, datetime.date(2027, 3, 1), "overdue") == [resident.pk]


@pytest.mark.django_db
def test_recheck_counts_from_the_local_date_of_verification(rule, front_desk):
    # 01:00 in Beijing on 1 June is still 31 May in UTC: the centre's date counts.
    resident = _verified_on(make_resident(), datetime.date(2022, 6, 1), hour=1)
    assert tracking.recheck_status(resident, today=datetime.date(2025, 1, 1)).due_on == (
        datetime.date(2025, 6, 1)
    )


@pytest.mark.django_db
def test_last_recheck_restarts_the_interval(rule, front_desk):
    resident = _verified_on(make_resident(), datetime.date(2020, 3, 1))
    assert _due_pks(front_desk, TODAY()) == [resident.pk]
    services.recheck_record(resident=resident, actor=front_desk)
    assert _due_pks(front_desk, TODAY()) == []
    assert tracking.recheck_status(resident).due_on == TODAY().replace(year=TODAY().year + 3)


@pytest.mark.django_db
def test_unverified_residents_are_never_due_and_cannot_be_rechecked(rule, front_desk):
    draft = make_resident(status="draft")
    assert _due_pks(front_desk, TODAY() + datetime.timedelta(days=20 * 365)) == []
    with pytest.raises(ActionRefused):
        services.recheck_record(resident=draft, actor=front_desk)
    assert not Recheck.objects.exists()


# Re-check action and work list -------------------------------------------------------------


@pytest.mark.django_db
def test_recheck_action_records_a_recheck_and_sets_the_date(front_desk_client, front_desk):
    resident = _verified_on(make_resident(), datetime.date(2019, 5, 5))
    worklist = reverse("residents:worklist_rechecks")
    response = front_desk_client.post(
        reverse("residents:recheck", args=[resident.pk]), {"note": "电话核实", "next": worklist}
    )
    assert response.status_code == 302
    assert response["Location"] == worklist
    recheck = Recheck.objects.get()
    assert (recheck.resident, recheck.checked_by, recheck.checked_on, recheck.note) == (
        resident, front_desk, TODAY(), "电话核实"
    )
    resident.refresh_from_db()
    assert resident.rechecked_on == TODAY()


@pytest.mark.django_db
def test_recheck_refuses_an_outside_next_url(front_desk_client):
    resident = make_resident()
    response = front_desk_client.post(
        reverse("residents:recheck", args=[resident.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("residents:tracking", args=[resident.pk])


@pytest.mark.django_db
def test_a_second_recheck_on_the_same_day_records_nothing_new(front_desk_client, front_desk):
    resident = make_resident()
    url = reverse("residents:recheck", args=[resident.pk])
    assert front_desk_client.post(url).status_code == 302
    assert front_desk_client.post(url, {"note": "补充说明"}).status_code == 302
    recheck = Recheck.objects.get()
    assert recheck.note == "补充说明"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_rechecks_at_once_are_harmless():
    clerk = make_user(roles.FRONT_DESK)
    resident = make_resident()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def recheck():
        try:
            barrier.wait()
            services.recheck_record(resident=resident, actor=clerk)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=recheck) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Recheck.objects.filter(resident=resident).count() == 1
    assert Resident.objects.get(pk=resident.pk).rechecked_on == TODAY()


@pytest.mark.django_db
def test_recheck_work_list_shows_overdue_first_with_both_actions(front_desk_client, settings):
    settings.RECHECK_INTERVAL_YEARS = 3
    today = TODAY()
    soon = _verified_on(make_resident(name="张近期"), today.replace(year=today.year - 3) + 5 * DAY)
    late = _verified_on(make_resident(name="李逾期"), today.replace(year=today.year - 4))
    fresh = make_resident(name="王新登")
    response = front_desk_client.get(reverse("residents:worklist_rechecks"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("李逾期") < page.index("张近期")
    assert "王新登" not in page
    assert reverse("residents:recheck", args=[late.pk]) in page
    assert reverse("residents:contact_create", args=[late.pk]) + "?kind=visit" in page
    overdue_only = front_desk_client.get(
        reverse("residents:worklist_rechecks"), {"status": "overdue"}
    ).content.decode()
    assert "李逾期" in overdue_only and "张近期" not in overdue_only
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__purpose="worklist_rechecks"
    )
    assert {entry.object_pk for entry in reads} == {str(soon.pk), str(late.pk)}
    assert fresh.pk not in {int(entry.object_pk) for entry in reads}


@pytest.mark.django_db
def test_recheck_work_list_queries_do_not_grow_with_rows(front_desk_client):
    old = datetime.date(2015, 1, 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert front_desk_client.get(reverse("residents:worklist_rechecks")).status_code == 200
        return len(captured)

    _verified_on(make_resident(), old)
    few = queries()
    for _ in range(8):
        _verified_on(make_resident(), old)
    assert queries() == few


# Contact records ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_record_is_saved_under_the_acting_staff_member(front_desk_client, front_desk):
    resident = make_resident()
    response = front_desk_client.post(
        reverse("residents:contact_create", args=[resident.pk]),
        {"kind": "visit", "occurred_on": TODAY().isoformat(), "summary": "入户走访，情况良好",
         "follow_up": "", "staff": "999"},
    )
    assert response.status_code == 302
    record = ContactRecord.objects.get()
    assert (record.staff, record.kind) == (front_desk, "visit")
    assert record.summary == "入户走访，情况良好"
    page = front_desk_client.get(reverse("residents:tracking", args=[resident.pk]))
    assert "入户走访，情况良好" in page.content.decode()


@pytest.mark.django_db
def test_contact_dated_in_the_future_is_refused_next_to_the_date(front_desk_client):
    resident = make_resident()
    response = front_desk_client.post(
        reverse("residents:contact_create", args=[resident.pk]),
        {"kind": "phone", "occurred_on": (TODAY() + DAY).isoformat(), "summary": "电话回访"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_on"]
    assert 'id="id_occurred_on_error"' in response.content.decode()
    assert not ContactRecord.objects.exists()
    with pytest.raises(ActionRefused):
        services.contact_record_create(
            resident=resident, kind="phone", occurred_on=TODAY() + DAY, summary="x",
            actor=response.wsgi_request.user,
        )


# Status history ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_history_keeps_each_previous_situation(manager):
    resident = make_resident()
    first = services.status_change_record(
        resident=resident, aspect="economic", current="在职", effective_on=TODAY() - 90 * DAY,
        actor=manager,
    )
    second = services.status_change_record(
        resident=resident, aspect="economic", current="失业", effective_on=TODAY() - 10 * DAY,
        actor=manager,
    )
    other = services.status_change_record(
        resident=resident, aspect="health", current="高血压", effective_on=TODAY(), actor=manager
    )
    assert (first.previous, first.current) == ("", "在职")
    assert (second.previous, second.current) == ("在职", "失业")
    assert other.previous == ""  # each aspect has its own history
    assert list(tracking.status_history(resident, "economic")) == [second, first]


@pytest.mark.django_db
def test_status_change_out_of_order_or_unchanged_is_refused(manager):
    resident = make_resident()
    services.status_change_record(
        resident=resident, aspect="housing", current="租住", effective_on=TODAY() - 5 * DAY,
        actor=manager,
    )
    with pytest.raises(ActionRefused):
        services.status_change_record(
            resident=resident, aspect="housing", current="自有住房",
            effective_on=TODAY() - 6 * DAY, actor=manager,
        )
    with pytest.raises(ActionRefused):
        services.status_change_record(
            resident=resident, aspect="housing", current="租住", effective_on=TODAY(),
            actor=manager,
        )
    assert StatusChange.objects.count() == 1


@pytest.mark.django_db
def test_status_history_page_reads_what_changed_when_and_who(manager_client, manager):
    resident = make_resident()
    manager_client.post(
        reverse("residents:status_create", args=[resident.pk]),
        {"aspect": "health", "current": "身体健康", "effective_on": "2024-01-10"},
    )
    response = manager_client.post(
        reverse("residents:status_create", args=[resident.pk]),
        {"aspect": "health", "current": "糖尿病，定期复查", "effective_on": "2025-03-01"},
    )
    assert response["Location"] == reverse(
        "residents:status_history", args=[resident.pk, "health"]
    )
    page = manager_client.get(response["Location"]).content.decode()
    row = page[page.index("2025-03-01"):]
    assert row.index("身体健康") < row.index("糖尿病，定期复查")
    entry = LogEntry.objects.filter(additional_data__purpose="status_history").get()
    assert entry.additional_data["field_groups"] == ["basic", "sensitive"]


@pytest.mark.django_db
def test_front_desk_cannot_open_or_record_status_history(front_desk_client, manager):
    resident = make_resident()
    change = services.status_change_record(
        resident=resident, aspect="economic", current="失业", effective_on=TODAY(), actor=manager
    )
    history = reverse("residents:status_history", args=[resident.pk, "economic"])
    assert front_desk_client.get(history).status_code == 403
    assert front_desk_client.get(
        reverse("residents:status_detail", args=[change.pk])
    ).status_code == 404
    tracking_page = front_desk_client.get(reverse("residents:tracking", args=[resident.pk]))
    assert "失业" not in tracking_page.content.decode()


# Emergencies -------------------------------------------------------------------------------


@pytest.fixture
def emergency(front_desk):
    return services.emergency_open(
        resident=make_resident(), kind="accident", occurred_on=TODAY() - 10 * DAY,
        description="在家中摔倒骨折", help_given="协助就医", actor=front_desk,
    )


@pytest.mark.django_db
def test_emergency_cannot_close_before_it_occurred_or_its_last_follow_up(emergency, front_desk):
    with pytest.raises(ActionRefused):
        services.emergency_close(
            emergency=emergency, closed_on=TODAY() - 11 * DAY, closing_note="已康复",
            actor=front_desk,
        )
    services.emergency_follow_up_add(
        emergency=emergency, date=TODAY() - 2 * DAY, note="上门探望", actor=front_desk
    )
    with pytest.raises(ActionRefused):
        services.emergency_close(
            emergency=emergency, closed_on=TODAY() - 3 * DAY, closing_note="已康复",
            actor=front_desk,
        )
    closed = services.emergency_close(
        emergency=emergency, closed_on=TODAY() - 2 * DAY, closing_note="已康复", actor=front_desk
    )
    assert closed.closed_on == TODAY() - 2 * DAY


@pytest.mark.django_db
def test_follow_up_cannot_predate_the_emergency(emergency, front_desk):
    with pytest.raises(ActionRefused):
        services.emergency_follow_up_add(
            emergency=emergency, date=TODAY() - 11 * DAY, note="x", actor=front_desk
        )


@pytest.mark.django_db
def test_closed_emergency_refuses_follow_ups_and_a_second_close(
    emergency, front_desk, front_desk_client
):
    services.emergency_close(
        emergency=emergency, closed_on=TODAY(), closing_note="已康复", actor=front_desk
    )
    with pytest.raises(ActionRefused):
        services.emergency_follow_up_add(
            emergency=emergency, date=TODAY(), note="再次回访", actor=front_desk
        )
    with pytest.raises(ActionRefused):
        services.emergency_close(
            emergency=emergency, closed_on=TODAY(), closing_note="again", actor=front_desk
        )
    response = front_desk_client.post(
        reverse("residents:emergency_follow_up", args=[emergency.pk]),
        {"date": TODAY().isoformat(), "note": "再次回访"},
    )
    assert response.status_code == 200
    assert response.context["follow_up_form"].non_field_errors()
    assert not EmergencyFollowUp.objects.exists()


@pytest.mark.django_db
def test_closing_without_a_note_shows_the_error_next_to_the_field(emergency, front_desk_client):
    response = front_desk_client.post(
        reverse("residents:emergency_close", args=[emergency.pk]),
        {"closed_on": TODAY().isoformat(), "closing_note": ""},
    )
    assert response.status_code == 200
    assert 'id="id_closing_note_error"' in response.content.decode()
    emergency.refresh_from_db()
    assert emergency.closed_on is None


@pytest.mark.django_db
def test_emergency_work_list_shows_open_ones_oldest_first_by_kind(front_desk_client, front_desk):
    def open_(kind, days, text):
        return services.emergency_open(
            resident=make_resident(), kind=kind, occurred_on=TODAY() - days * DAY,
            description=text, actor=front_desk,
        )

    newer = open_("illness", 2, "突发心梗")
    older = open_("disaster", 30, "暴雨进水")
    closed = open_("illness", 40, "早已康复的病")
    services.emergency_close(
        emergency=closed, closed_on=TODAY(), closing_note="康复", actor=front_desk
    )
    page = front_desk_client.get(reverse("residents:worklist_emergencies")).content.decode()
    assert page.index("暴雨进水") < page.index("突发心梗")
    assert "早已康复的病" not in page
    illness = front_desk_client.get(
        reverse("residents:worklist_emergencies"), {"kind": "illness"}
    ).content.decode()
    assert "突发心梗" in illness and "暴雨进水" not in illness
    reads = LogEntry.objects.filter(additional_data__purpose="worklist_emergencies")
    assert {e.object_pk for e in reads} >= {str(newer.resident_id), str(older.resident_id)}
    assert str(closed.resident_id) not in {e.object_pk for e in reads}


# Timeline ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_timeline_shows_each_viewer_only_the_groups_they_may_see(front_desk, manager):
    resident = make_resident()
    services.contact_record_create(
        resident=resident, kind="visit", occurred_on=TODAY(), summary="走访", actor=front_desk
    )
    services.contact_record_create(
        resident=resident, kind="online", occurred_on=TODAY(), summary="在线反馈",
        actor=front_desk,
    )
    services.status_change_record(
        resident=resident, aspect="economic", current="低收入", effective_on=TODAY(),
        actor=manager,
    )
    emergency = services.emergency_open(
        resident=resident, kind="other", occurred_on=TODAY(), description="火灾", actor=front_desk
    )
    services.emergency_follow_up_add(
        emergency=emergency, date=TODAY(), note="送去物资", actor=front_desk
    )
    services.recheck_record(resident=resident, actor=front_desk)

    def groups(user):
        policy = policy_for(user, resident)
        ours = tracking.tracking_timeline(user, resident, policy)
        shown = timeline_for(user, resident, policy)
        assert all(entry in shown for entry in ours)
        return sorted(str(entry.group) for entry in ours)

    assert groups(manager) == sorted(
        ["service_needs", "feedback", "sensitive", "service_needs", "service_needs", "basic"]
    )
    assert FieldGroup.SENSITIVE.value not in groups(front_desk)
    assert len(groups(front_desk)) == 5


def test_a_resident_without_records_has_a_timeline_in_two_queries_and_a_record_shows_at_once(
    front_desk
):
    resident = make_resident()
    policy = policy_for(front_desk, resident)
    # What exists for the resident, then the changes of the record itself: no subject is
    # asked for records the resident does not have.
    with CaptureQueriesContext(connection) as captured:
        kinds = {entry.kind for entry in timeline_for(front_desk, resident, policy)}
    assert len(captured) == 2
    assert kinds == {"登记", "审核通过"}
    services.contact_record_create(
        resident=resident, kind="visit", occurred_on=TODAY(), summary="上门走访", actor=front_desk
    )
    summaries = [entry.summary for entry in timeline_for(front_desk, resident, policy)]
    assert "上门走访" in summaries


# Demo data ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_seed_creates_tracking_records_once(front_desk, manager):
    residents = [make_resident() for _ in range(12)]
    users = {"frontdesk": front_desk, "manager": manager}
    created = demo_tracking.seed(rng=random.Random(7), users=users, residents=residents)
    assert created > 0
    assert ContactRecord.objects.exists() and Emergency.objects.exists()
    assert StatusChange.objects.exists() and Recheck.objects.exists()
    assert tracking.rechecks_due(front_desk).exists()
    counts = [m.objects.count() for m in (ContactRecord, StatusChange, Emergency, Recheck)]
    again = demo_tracking.seed(rng=random.Random(7), users=users, residents=residents)
    assert again == 0
    assert [m.objects.count() for m in (ContactRecord, StatusChange, Emergency, Recheck)] == counts
