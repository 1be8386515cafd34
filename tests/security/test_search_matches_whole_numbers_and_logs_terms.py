"""ACC-9: the resident search cannot be used to read a phone or ID number digit by digit.

ID numbers and phones match whole values only (a full 18-character ID number, a full phone
number); names still match by fragment. Every search is in the audit log with its term, an ID
number or phone in it masked, and its number of hits; the audit trail shows both.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from residents.access.masking import mask_id_number, mask_phone, mask_search_term
from residents.audit.pdf import report_rows
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

LIST_URL = reverse("residents:list")
PHONE = "13812345678"


@pytest.fixture
def wang(db):
    return make_resident(name="王小明", phone=PHONE)


@pytest.fixture
def li(db):
    return make_resident(name="李小红", phone="010-62345678")


def _found(client, query: str) -> list[int]:
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    return [row["resident"].pk for row in response.context["rows"]]


def _search_entries() -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__purpose="resident_search"
        ).order_by("pk")
    )


def test_no_part_of_a_phone_finds_the_resident(front_desk_client, wang):
    # Growing prefixes, suffixes and middles: the 25 searches that used to spell the number.
    parts = {PHONE[:n] for n in range(3, 11)} | {PHONE[-n:] for n in range(4, 11)}
    parts |= {PHONE[1:9], PHONE[2:10], "1381234 5678"[:9]}
    for part in sorted(parts):
        assert _found(front_desk_client, part) == [], part
    assert _found(front_desk_client, PHONE) == [wang.pk]
    assert _found(front_desk_client, "138 1234 5678") == [wang.pk]
    assert _found(front_desk_client, "+86 138-1234-5678") == [wang.pk]


def test_a_landline_is_found_by_its_whole_number_only(front_desk_client, li):
    assert _found(front_desk_client, "010-62345678") == [li.pk]
    assert _found(front_desk_client, "01062345678") == [li.pk]
    for part in ("62345678", "6234", "010-6234", "010"):
        assert _found(front_desk_client, part) == [], part


def test_no_part_of_an_id_number_finds_the_resident(front_desk_client, wang):
    number = wang.id_number
    for n in (4, 6, 10, 14, 17):
        assert _found(front_desk_client, number[:n]) == [], number[:n]
        assert _found(front_desk_client, number[-n:]) == [], number[-n:]
    assert _found(front_desk_client, number) == [wang.pk]


def test_names_are_still_found_by_a_fragment(front_desk_client, wang, li):
    assert _found(front_desk_client, "小明") == [wang.pk]
    assert sorted(_found(front_desk_client, "小")) == sorted([wang.pk, li.pk])


@pytest.mark.parametrize(
    ("term", "logged"),
    [
        ("小明", "小明"),
        (PHONE, mask_phone(PHONE)),
        ("110101199003071234", mask_id_number("110101199003071234")),
        ("11010119900307123x", "110101************"),
        ("1381234", "*******"),
        ("王 13812345678", f"王 {mask_phone(PHONE)}"),
        ("010-62345678", "010****5678"),
        ("JM-2026-000123", "JM-2026-000123"),
        ("3号楼", "3号楼"),
    ],
)
def test_a_term_is_masked_as_numbers_are_masked_everywhere(term, logged):
    assert mask_search_term(term) == logged


def test_a_search_with_hits_logs_the_masked_term_and_the_count(front_desk_client, wang):
    _found(front_desk_client, PHONE)
    [entry] = _search_entries()
    assert entry.object_pk == str(wang.pk)
    assert entry.additional_data["term"] == mask_phone(PHONE)
    assert entry.additional_data["hits"] == 1
    assert PHONE not in str(entry.additional_data)


def test_a_search_without_hits_is_logged_too(front_desk_client, front_desk, wang):
    for n in range(3, 11):
        _found(front_desk_client, PHONE[:n])
    entries = _search_entries()
    assert len(entries) == 8
    for entry in entries:
        assert entry.actor == front_desk
        assert entry.object_pk == ""
        assert entry.additional_data["hits"] == 0
        assert entry.additional_data["event"] == "read"
        assert entry.additional_data["field_groups"] == []
    terms = [entry.additional_data["term"] for entry in entries]
    assert all(PHONE[:n] not in terms for n in range(7, 11))
    assert terms[-1] == mask_phone(PHONE[:10])


def test_a_name_search_keeps_its_term_and_counts_every_hit(front_desk_client):
    for _ in range(3):
        make_resident(name="赵建国")
    _found(front_desk_client, "建国")
    entries = _search_entries()
    assert len(entries) == 3
    assert {entry.additional_data["term"] for entry in entries} == {"建国"}
    assert {entry.additional_data["hits"] for entry in entries} == {3}


def test_the_list_without_a_term_logs_no_term(front_desk_client, wang):
    front_desk_client.get(LIST_URL)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data["purpose"] == "resident_list"
    assert "term" not in entry.additional_data


def test_the_trail_shows_the_masked_term_and_the_count(front_desk_client, wang, client, auditor):
    _found(front_desk_client, PHONE)
    _found(front_desk_client, PHONE[:7])
    client.force_login(auditor)
    response = client.get(reverse("audit:trail"))
    purposes = [row.purpose for row in response.context["rows"]]
    assert "居民查询：搜索词“138****5678”，1 条结果" in purposes
    assert "居民查询：搜索词“*******”，0 条结果" in purposes
    page = response.content.decode()
    assert PHONE not in page
    assert PHONE[:7] not in page


def test_the_residents_own_report_names_the_search_but_not_its_term(
    front_desk_client, manager, wang
):
    make_resident(name="王小红")
    _found(front_desk_client, "王小")
    purposes = [row.purpose for row in report_rows(manager, wang)]
    assert "居民查询" in purposes
    assert not any("王小" in purpose or "条结果" in purpose for purpose in purposes)
