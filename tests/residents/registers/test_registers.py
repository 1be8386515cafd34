"""Special registers (CLS-3): hardship with its help ledger, key persons with their visits,
and the morning work lists of overdue visits and reviews due."""

from __future__ import annotations

import datetime
import random

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from residents import roles
from residents.access import services as grants
from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.common.errors import ActionRefused
from residents.common.timeline import timeline_for
from residents.models import (
    GrantScope,
    HardshipEntry,
    HardshipKind,
    HelpLedgerEntry,
    KeyPersonCategory,
    KeyPersonEntry,
    KeyPersonVisit,
)
from residents.registers import selectors as rs
from residents.registers import services
from residents.registers.demo import seed
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

CORRECTION, RELEASED, DRUG = (
    KeyPersonCategory.CORRECTION, KeyPersonCategory.RELEASED, KeyPersonCategory.DRUG
)
KEY_PERSON_NOTE = "矫正期内每周报到（测试备注）"


def _today() -> datetime.date:
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


@pytest.fixture
def resident(front_desk):
    return make_resident(actor=front_desk)


def _key_person(resident, actor, *, category=CORRECTION, start=-100, end=None, note=""):
    return services.key_person_create(
        resident=resident, category=category, start_date=_days(start),
        end_date=_days(end) if end is not None else None, review_date=_days(30),
        note=note, actor=actor,
    )


def _hardship(resident, actor, *, kind=HardshipKind.DIBAO, review=30, end=None, **extra):
    return services.hardship_create(
        resident=resident, kind=kind, start_date=_days(-200), review_date=_days(review),
        end_date=_days(end) if end is not None else None, actor=actor, **extra,
    )


def _interval(category) -> int:
    from django.conf import settings

    return settings.KEY_PERSON_VISIT_INTERVAL_DAYS[category]


# Visit schedule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_in", "overdue", "days_overdue"),
    [(0, False, 0), (-1, True, 1), (1, False, 0)],
    ids=["due-today", "due-yesterday", "due-tomorrow"],
)
def test_a_visit_is_overdue_only_from_the_day_after_it_was_due(
    resident, manager, due_in, overdue, days_overdue
):
    entry = _key_person(resident, manager, start=due_in - _interval(CORRECTION))
    checked, _policy = rs.key_person_entry_for_user(manager, entry.pk)
    schedule = rs.visit_schedule(checked)
    assert schedule.due_on == _days(due_in)
    assert schedule.overdue is overdue
    assert schedule.days_overdue == days_overdue
    on_list = list(rs.overdue_key_person_visits(manager))
    assert [e.pk for e in on_list] == ([entry.pk] if overdue else [])


@pytest.mark.parametrize("due_in", [0, -1, 1])
def test_the_latest_visit_not_the_start_date_sets_the_next_visit(resident, manager, due_in):
    interval = _interval(DRUG)
    entry = _key_person(resident, manager, category=DRUG, start=-400)
    for offset in (-300, due_in - interval, -200):  # recorded out of order on purpose
        services.key_person_visit_record(
            entry=entry, visited_on=_days(offset), summary="入户走访", actor=manager
        )
    checked, _policy = rs.key_person_entry_for_user(manager, entry.pk)
    assert checked.last_visit_on == _days(due_in - interval)
    assert rs.visit_schedule(checked).due_on == _days(due_in)
    assert rs.overdue_key_person_visits(manager).filter(pk=entry.pk).exists() is (due_in < 0)


def test_each_category_has_its_own_visit_interval_from_the_setting(resident, manager, settings):
    settings.KEY_PERSON_VISIT_INTERVAL_DAYS = {"correction": 5, "drug": 10, "released": 20}
    other = make_resident(actor=manager)
    third = make_resident(actor=manager)
    entries = {
        CORRECTION: _key_person(resident, manager, category=CORRECTION, start=-10),
        DRUG: _key_person(other, manager, category=DRUG, start=-10),
        RELEASED: _key_person(third, manager, category=RELEASED, start=-10),
    }
    overdue = {entry.category for entry in rs.overdue_key_person_visits(manager)}
    assert overdue == {CORRECTION}
    checked, _p = rs.key_person_entry_for_user(manager, entries[RELEASED].pk)
    assert rs.visit_schedule(checked).due_on == _days(10)


def test_only_current_entries_are_on_the_visit_work_list(resident, manager):
    ends_today = _key_person(resident, manager, category=CORRECTION, end=0)
    _key_person(resident, manager, category=DRUG, end=-1)
    assert [e.pk for e in rs.overdue_key_person_visits(manager)] == [ends_today.pk]


def test_visit_work_list_filters_by_category_most_overdue_first(resident, manager):
    other = make_resident(actor=manager)
    recent = _key_person(resident, manager, category=CORRECTION, start=-20)
    older = _key_person(other, manager, category=CORRECTION, start=-50)
    drug = _key_person(resident, manager, category=DRUG, start=-50)
    assert [e.pk for e in rs.overdue_key_person_visits(manager, category=CORRECTION)] == [
        older.pk, recent.pk,
    ]
    assert [e.pk for e in rs.overdue_key_person_visits(manager, category=DRUG)] == [drug.pk]


# Hardship reviews --------------------------------------------------------------------------


def test_hardship_reviews_due_within_the_window_overdue_first(resident, manager, settings):
    settings.REVIEW_DUE_WITHIN_DAYS = 14
    others = [make_resident(actor=manager) for _ in range(4)]
    at_horizon = _hardship(resident, manager, review=14)
    _hardship(others[0], manager, review=15)
    overdue = _hardship(others[1], manager, review=-1)
    today = _hardship(others[2], manager, review=0)
    _hardship(others[3], manager, review=-30, end=-1)  # ended yesterday: not reviewed any more
    due = list(rs.hardship_reviews_due(manager))
    assert [e.pk for e in due] == [overdue.pk, today.pk, at_horizon.pk]


def test_hardship_review_list_filters_by_kind(resident, manager):
    _hardship(resident, manager, kind=HardshipKind.DIBAO, review=0)
    tekun = _hardship(resident, manager, kind=HardshipKind.TEKUN, review=0)
    assert [e.pk for e in rs.hardship_reviews_due(manager, kind=HardshipKind.TEKUN)] == [
        tekun.pk
    ]


def test_review_done_sets_the_next_review_date_and_takes_the_entry_off_the_list(
    resident, manager_client, manager
):
    entry = _hardship(resident, manager, review=-3)
    response = manager_client.post(
        reverse("residents:hardship_review", args=[entry.pk]),
        {"review-next_review_date": _days(180).isoformat()},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.review_date == _days(180)
    assert not rs.hardship_reviews_due(manager).exists()


def test_review_done_with_a_past_next_date_is_refused_next_to_the_field(
    resident, manager_client, manager
):
    entry = _hardship(resident, manager, review=-3)
    response = manager_client.post(
        reverse("residents:hardship_review", args=[entry.pk]),
        {"review-next_review_date": _today().isoformat()},
    )
    assert response.status_code == 200
    assert 'id="id_review-next_review_date_error"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.review_date == _days(-3)


# Hardship entries and the help ledger ------------------------------------------------------


def test_a_disability_entry_without_a_level_is_refused_next_to_the_field(
    resident, manager_client
):
    response = manager_client.post(
        reverse("residents:hardship_create", args=[resident.pk]),
        {
            "kind": HardshipKind.DISABILITY,
            "disability_category": "physical",
            "disability_level": "",
            "start_date": _days(-10).isoformat(),
            "review_date": _days(180).isoformat(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_disability_level_error"' in html
    assert 'id="id_disability_category_error"' not in html
    assert not HardshipEntry.objects.exists()


def test_the_service_refuses_a_disability_entry_without_category_or_level(resident, manager):
    with pytest.raises(ValidationError) as refused:
        _hardship(resident, manager, kind=HardshipKind.DISABILITY)
    assert set(refused.value.message_dict) == {"disability_category", "disability_level"}


def test_a_disability_entry_keeps_its_category_and_level(resident, manager_client):
    response = manager_client.post(
        reverse("residents:hardship_create", args=[resident.pk]),
        {
            "kind": HardshipKind.DISABILITY,
            "disability_category": "visual",
            "disability_level": "2",
            "start_date": _days(-10).isoformat(),
            "review_date": _days(180).isoformat(),
        },
    )
    entry = HardshipEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:hardship_detail", args=[entry.pk])
    assert (entry.disability_category, entry.disability_level) == ("visual", "2")


def test_other_kinds_drop_a_disability_category_sent_with_them(resident, manager):
    entry = _hardship(resident, manager, disability_category="visual", disability_level="1")
    assert (entry.disability_category, entry.disability_level) == ("", "")


def test_an_end_date_before_the_start_is_refused_next_to_the_field(resident, manager_client):
    response = manager_client.post(
        reverse("residents:hardship_create", args=[resident.pk]),
        {
            "kind": HardshipKind.DIBAO,
            "start_date": _days(-10).isoformat(),
            "end_date": _days(-11).isoformat(),
            "review_date": _days(30).isoformat(),
        },
    )
    assert 'id="id_end_date_error"' in response.content.decode()
    assert not HardshipEntry.objects.exists()


def test_a_second_current_entry_of_the_same_kind_is_refused(resident, manager):
    _hardship(resident, manager)
    with pytest.raises(ActionRefused):
        _hardship(resident, manager)
    _hardship(resident, manager, kind=HardshipKind.TEKUN)  # another kind is fine


def test_help_ledger_lines_are_added_and_shown_newest_first(resident, manager_client, manager):
    entry = _hardship(resident, manager)
    url = reverse("residents:help_ledger_add", args=[entry.pk])
    for day, text in ((-20, "发放米面油慰问品"), (-2, "协助办理低保年审材料")):
        response = manager_client.post(url, {
            "help-date": _days(day).isoformat(), "help-help_given": text,
            "help-given_by": "社区民政专干 王丽", "help-next_step": "下月回访",
        })
        assert response.status_code == 302
    lines = list(HelpLedgerEntry.objects.filter(hardship=entry))
    assert [line.help_given for line in lines] == ["协助办理低保年审材料", "发放米面油慰问品"]
    assert lines[0].recorded_by == manager
    html = manager_client.get(reverse("residents:hardship_detail", args=[entry.pk])).content
    html = html.decode()
    assert html.index("协助办理低保年审材料") < html.index("发放米面油慰问品")
    assert "社区民政专干 王丽" in html


def test_a_help_line_dated_before_the_entry_started_is_refused(resident, manager_client, manager):
    entry = _hardship(resident, manager)
    response = manager_client.post(reverse("residents:help_ledger_add", args=[entry.pk]), {
        "help-date": _days(-201).isoformat(), "help-help_given": "慰问",
        "help-given_by": "社区居委会",
    })
    assert response.status_code == 200
    assert 'id="id_help-date_error"' in response.content.decode()
    assert not HelpLedgerEntry.objects.exists()


def test_an_ended_entry_cannot_be_ended_or_reviewed_again(resident, manager):
    entry = _hardship(resident, manager)
    services.hardship_end(entry=entry, end_date=_days(-1), actor=manager)
    with pytest.raises(ActionRefused):
        services.hardship_end(entry=entry, end_date=_today(), actor=manager)
    with pytest.raises(ActionRefused):
        services.hardship_review(entry=entry, next_review_date=_days(10), actor=manager)


# Key-person pages --------------------------------------------------------------------------


def test_recording_a_visit_from_the_entry_page_moves_the_next_due_date(
    resident, manager_client, manager
):
    entry = _key_person(resident, manager, start=-30)
    url = reverse("residents:key_person_detail", args=[entry.pk])
    before = manager_client.get(url).content.decode()
    assert "status-returned" in before  # shown as overdue
    response = manager_client.post(
        reverse("residents:key_person_visit", args=[entry.pk]),
        {"visit-visited_on": _today().isoformat(), "visit-summary": "入户走访，情绪稳定"},
    )
    assert response.status_code == 302
    visit = KeyPersonVisit.objects.get()
    assert (visit.entry, visit.visited_by) == (entry, manager)
    checked, _p = rs.key_person_entry_for_user(manager, entry.pk)
    assert rs.visit_schedule(checked).due_on == _days(_interval(CORRECTION))
    assert not rs.overdue_key_person_visits(manager).exists()


def test_a_visit_in_the_future_is_refused(resident, manager_client, manager):
    entry = _key_person(resident, manager)
    response = manager_client.post(
        reverse("residents:key_person_visit", args=[entry.pk]),
        {"visit-visited_on": _days(1).isoformat(), "visit-summary": "入户走访"},
    )
    assert 'id="id_visit-visited_on_error"' in response.content.decode()
    assert not KeyPersonVisit.objects.exists()


def test_work_list_pages_show_days_overdue_and_log_the_residents_shown(
    resident, manager_client, manager
):
    entry = _key_person(resident, manager, start=-(_interval(CORRECTION) + 3))
    _hardship(resident, manager, review=-2)
    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = manager_client.get(reverse("residents:worklist_key_person_visits"))
    [(shown, schedule)] = response.context["rows"]
    assert (shown.pk, schedule.days_overdue) == (entry.pk, 3)
    visits = response.content.decode()
    assert resident.name in visits
    assert reverse("residents:key_person_detail", args=[entry.pk]) in visits
    reviews = manager_client.get(reverse("residents:worklist_hardship_reviews")).content.decode()
    assert resident.name in reviews
    reads = LogEntry.objects.filter(pk__gt=last, action=LogEntry.Action.ACCESS)
    purposes = {e.additional_data["purpose"]: e for e in reads}
    assert purposes["worklist_key_person_visits"].object_pk == str(resident.pk)
    assert "key_person" in purposes["worklist_key_person_visits"].additional_data["field_groups"]
    assert "sensitive" in purposes["worklist_hardship_reviews"].additional_data["field_groups"]


def test_the_visit_work_list_pages_in_sql_50_a_page_in_a_fixed_number_of_queries(
    resident, manager_client, manager, django_assert_max_num_queries
):
    residents = [resident, *(make_resident(actor=manager) for _ in range(2))]
    KeyPersonEntry.objects.bulk_create([
        KeyPersonEntry(
            resident=residents[n % 3], category=CORRECTION, start_date=_days(-30 - n),
            review_date=_days(30), recorded_by=manager,
        )
        for n in range(51)
    ])
    url = reverse("residents:worklist_key_person_visits")
    with django_assert_max_num_queries(12):
        first = manager_client.get(url)
    assert len(first.context["rows"]) == 50
    second = manager_client.get(url + "?category=correction&page=2")
    assert len(second.context["rows"]) == 1
    assert 'href="?category=correction&amp;page=1"' in second.content.decode()


# Who sees what ----------------------------------------------------------------------------


def _all_register_requests(resident, hardship, key_person):
    today = _today().isoformat()
    return [
        ("get", reverse("residents:registers", args=[resident.pk]), {}),
        ("get", reverse("residents:hardship_create", args=[resident.pk]), {}),
        ("post", reverse("residents:hardship_create", args=[resident.pk]),
         {"kind": "tekun", "start_date": today, "review_date": today}),
        ("get", reverse("residents:key_person_create", args=[resident.pk]), {}),
        ("post", reverse("residents:key_person_create", args=[resident.pk]),
         {"category": "drug", "start_date": today, "review_date": today}),
        ("get", reverse("residents:hardship_detail", args=[hardship.pk]), {}),
        ("post", reverse("residents:hardship_end", args=[hardship.pk]), {"end-end_date": today}),
        ("post", reverse("residents:hardship_review", args=[hardship.pk]),
         {"review-next_review_date": _days(9).isoformat()}),
        ("post", reverse("residents:help_ledger_add", args=[hardship.pk]),
         {"help-date": today, "help-help_given": "慰问", "help-given_by": "社区"}),
        ("get", reverse("residents:key_person_detail", args=[key_person.pk]), {}),
        ("post", reverse("residents:key_person_end", args=[key_person.pk]),
         {"end-end_date": today}),
        ("post", reverse("residents:key_person_review", args=[key_person.pk]),
         {"review-next_review_date": _days(9).isoformat()}),
        ("post", reverse("residents:key_person_visit", args=[key_person.pk]),
         {"visit-visited_on": today, "visit-summary": "走访"}),
        ("get", reverse("residents:worklist_key_person_visits"), {}),
        ("get", reverse("residents:worklist_hardship_reviews"), {}),
    ]


def test_front_desk_is_refused_everywhere_and_never_sees_key_person_data(
    resident, front_desk_client, manager
):
    hardship = _hardship(resident, manager, review=0)
    key_person = _key_person(resident, manager, note=KEY_PERSON_NOTE)
    services.key_person_visit_record(
        entry=key_person, visited_on=_days(-1), summary="入户走访（测试摘要）", actor=manager
    )
    pages = []
    for method, url, data in _all_register_requests(resident, hardship, key_person):
        response = getattr(front_desk_client, method)(url, data)
        assert response.status_code in (403, 404), url
        pages.append(response.content.decode())
    for url in (reverse("home"), reverse("residents:list"),
                reverse("residents:detail", args=[resident.pk])):
        response = front_desk_client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())
    html = "\n".join(pages)
    secrets = (
        KEY_PERSON_NOTE, "入户走访（测试摘要）", "社区矫正", "Under community correction",
        reverse("residents:key_person_detail", args=[key_person.pk]),
    )
    for secret in secrets:
        assert secret not in html
    # Nothing was changed by the refused posts.
    assert KeyPersonEntry.objects.count() == 1 and HardshipEntry.objects.count() == 1
    assert KeyPersonVisit.objects.count() == 1 and not HelpLedgerEntry.objects.exists()
    assert KeyPersonEntry.objects.get().end_date is None


def _granted(resident, scope):
    requester = make_user(roles.OTHER_STAFF)
    approver = make_user(roles.MANAGER)
    approver.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
    grant = grants.grant_request(
        requester=requester, resident=resident, purpose="核实帮扶情况", scope=scope
    )
    grants.grant_approve(
        grant=grant, approver=approver, expires_at=timezone.now() + datetime.timedelta(hours=2)
    )
    return requester


def test_a_comprehensive_grant_sees_both_registers_but_changes_nothing(client, resident, manager):
    key_person = _key_person(resident, manager, note=KEY_PERSON_NOTE)
    client.force_login(_granted(resident, GrantScope.COMPREHENSIVE))
    page = client.get(reverse("residents:registers", args=[resident.pk]))
    assert page.status_code == 200
    assert KEY_PERSON_NOTE not in page.content.decode()  # notes are on the entry page only
    detail = client.get(reverse("residents:key_person_detail", args=[key_person.pk]))
    assert KEY_PERSON_NOTE in detail.content.decode()
    visit = client.post(
        reverse("residents:key_person_visit", args=[key_person.pk]),
        {"visit-visited_on": _today().isoformat(), "visit-summary": "走访"},
    )
    assert visit.status_code == 403
    assert client.get(reverse("residents:worklist_key_person_visits")).status_code == 403


def test_a_service_grant_sees_no_register(client, resident, manager):
    key_person = _key_person(resident, manager)
    client.force_login(_granted(resident, GrantScope.SERVICE))
    assert client.get(reverse("residents:registers", args=[resident.pk])).status_code == 403
    detail = client.get(reverse("residents:key_person_detail", args=[key_person.pk]))
    assert detail.status_code == 404


@pytest.mark.parametrize("name", ["hardship_detail", "key_person_detail"])
def test_a_refused_request_on_a_register_record_is_audited_against_its_resident(
    client, resident, manager, front_desk, name
):
    record = (_hardship if name == "hardship_detail" else _key_person)(resident, manager)
    client.force_login(front_desk)
    assert client.get(reverse(f"residents:{name}", args=[record.pk])).status_code == 404
    denied = LogEntry.objects.filter(additional_data__event="denied").get()
    assert denied.object_pk == str(resident.pk)
    assert denied.additional_data["purpose"] == f"residents:{name}"


def test_the_register_page_is_read_logged_with_the_groups_shown(manager_client, resident, manager):
    _hardship(resident, manager)
    manager_client.get(reverse("residents:registers", args=[resident.pk]))
    entry = LogEntry.objects.filter(additional_data__purpose="resident_registers").get()
    assert entry.object_pk == str(resident.pk)
    assert entry.additional_data["field_groups"] == ["basic", "key_person", "sensitive"]


def test_the_timeline_shows_register_events_only_to_whom_may_see_them(
    resident, manager, front_desk
):
    hardship = _hardship(resident, manager)
    services.help_ledger_add(
        hardship=hardship, date=_days(-5), help_given="发放慰问品", given_by="社区", actor=manager
    )
    entry = _key_person(resident, manager, end=-1)
    services.key_person_visit_record(
        entry=entry, visited_on=_days(-3), summary="入户走访", actor=manager
    )
    managers = timeline_for(manager, resident, policy_for(manager, resident))
    groups = [(item.group, item.date) for item in managers]
    assert (FieldGroup.SENSITIVE, _days(-200)) in groups  # hardship start
    assert (FieldGroup.SENSITIVE, _days(-5)) in groups  # help ledger line
    assert (FieldGroup.KEY_PERSON, _days(-100)) in groups  # key-person start
    assert (FieldGroup.KEY_PERSON, _days(-1)) in groups  # key-person end
    assert (FieldGroup.KEY_PERSON, _days(-3)) in groups  # visit
    front = timeline_for(front_desk, resident, policy_for(front_desk, resident))
    assert not [item for item in front if item.group in {FieldGroup.SENSITIVE,
                                                          FieldGroup.KEY_PERSON}]


# Demo data ---------------------------------------------------------------------------------


def test_demo_seed_creates_register_entries_once(front_desk, manager):
    residents = [make_resident(actor=front_desk) for _ in range(30)]
    users = {"frontdesk": front_desk, "manager": manager}
    created = seed(rng=random.Random(7), users=users, residents=residents)
    assert created > 0
    assert HardshipEntry.objects.exists() and KeyPersonEntry.objects.exists()
    assert HelpLedgerEntry.objects.exists() and KeyPersonVisit.objects.exists()
    assert seed(rng=random.Random(7), users=users, residents=residents) == 0
