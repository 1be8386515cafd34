"""The resident list's filter counts come from a counts table: they must stay equal
to a count of the residents through every path that writes residents, and across birthdays;
name fragments found through the name-pieces index are exactly those `LIKE` finds."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connection
from django.urls import reverse

from casework.change import services as change_services
from casework.engine import services as case_services
from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.models import Resident, ResidentCount
from residents.people import selectors, services
from residents.people.counts import table_counts
from residents.people.filters import facet_counts
from residents.people.selectors import residents_search
from residents.people.views import PageKeys
from tests.factories import colleague_of, make_resident, registration_data

pytestmark = pytest.mark.django_db

LIST_URL = reverse("residents:list")
TODAY = datetime.date(2026, 11, 30)
STATUSES = ("", "draft", "submitted", "verified", "returned")


def _scanned(status: str, day: datetime.date, year_only: bool) -> dict:
    """The counts as the list computed them before: one pass over the residents."""
    residents = Resident.objects.all()
    if status:
        residents = residents.filter(status=status)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False):
        # facet_counts reads today's date; the policy only says whether the year alone counts.
        counts = facet_counts(residents, _Policy(year_only))
    counts.pop("register", None)
    return counts


class _Policy:
    """Just what facet_counts asks of a policy."""

    def __init__(self, year_only: bool) -> None:
        self.birth_year_only = year_only

    def can_see_group(self, group) -> bool:
        return False


def _assert_exact(day: datetime.date = TODAY) -> None:
    for status in STATUSES:
        for year_only in (False, True):
            tabled = table_counts(status=status, day=day, year_only=year_only)
            assert tabled == _scanned(status, day, year_only), (status, day, year_only)


def test_counts_stay_exact_through_registration_submission_return_edit_and_verification(
    front_desk, front_desk2
):
    _assert_exact()
    draft = services.registration_create(
        actor=front_desk,
        data=registration_data(area="和平里七区", hukou_type="non_registered"),
        submit=False,
    )
    _assert_exact()
    services.registration_update(
        registration=draft,
        actor=front_desk,
        data={
            "area": "安贞里", "hukou_type": "registered", "birth_date": datetime.date(2008, 12, 1)
        },
    )
    _assert_exact()
    submitted = services.registration_submit(registration=draft, actor=front_desk)
    _assert_exact()
    returned = services.registration_return(
        registration=submitted, actor=front_desk2, reason="请补充户籍信息"
    )
    _assert_exact()
    services.registration_submit(registration=returned, actor=front_desk)
    verified = services.registration_verify(
        registration=Resident.objects.get(pk=draft.pk), actor=colleague_of(front_desk)
    )
    assert verified.status == "verified"
    _assert_exact()
    make_resident(actor=front_desk, status="submitted", is_floating=True,
                  hukou_type="non_registered", floating_arrived_on=datetime.date(2025, 3, 1))
    _assert_exact()


def test_counts_follow_an_approved_change_request(front_desk, front_desk2):
    resident = make_resident(actor=front_desk, area="幸福小区")
    case = change_services.change_request_open(
        resident=resident, actor=front_desk, proposed={"area": "和平里九区"},
        reason="居民搬家", documents="居民身份证原件",
    )
    case = case_services.case_act(case=case, action="verify", actor=colleague_of(front_desk))
    with acting_as(front_desk2):
        change_services.change_approve(case=case, actor=front_desk2, reason="材料属实")
    assert Resident.objects.get(pk=resident.pk).area == "和平里九区"
    counts = table_counts(status="verified", day=TODAY, year_only=False)
    assert counts["area"].get("和平里九区") == 1
    assert "幸福小区" not in counts["area"]
    _assert_exact()


def test_counts_follow_bulk_writes_and_deletions(front_desk):
    # An import writes many residents in one statement; a destruction deletes them.
    rows = [
        Resident(**registration_data(area=f"区{n % 3}"), name_sort_key="x", status="draft")
        for n in range(7)
    ]
    created = Resident.objects.bulk_create(rows)
    _assert_exact()
    Resident.objects.filter(pk__in=[r.pk for r in created[:3]]).update(is_floating=True)
    _assert_exact()
    Resident.objects.filter(pk__in=[r.pk for r in created[2:5]]).delete()
    _assert_exact()
    assert table_counts(status="", day=TODAY, year_only=False)["hukou_type"]["registered"] == 4


def test_age_group_counts_move_on_the_birthday_and_on_new_year():
    # Born on the day somebody turns 18, 45 and 60 on 1 December 2026, on the days either
    # side, and on 29 February.
    for years in (18, 45, 60):
        born = datetime.date(2026 - years, 12, 1)
        for offset in (-1, 0, 1):
            make_resident(birth_date=born + datetime.timedelta(days=offset), phone="")
    make_resident(birth_date=datetime.date(2008, 2, 29), phone="")
    for day in (
        datetime.date(2026, 11, 30), datetime.date(2026, 12, 1), datetime.date(2026, 12, 2),
        datetime.date(2026, 12, 31), datetime.date(2027, 1, 1),
        datetime.date(2026, 2, 28), datetime.date(2026, 3, 1),
    ):
        _assert_exact(day)
    before = table_counts(status="", day=datetime.date(2026, 11, 30), year_only=False)
    after = table_counts(status="", day=datetime.date(2026, 12, 1), year_only=False)
    assert after["age_group"]["minor"] == before["age_group"]["minor"] - 1
    assert after["age_group"]["elderly"] == before["age_group"]["elderly"] + 1


def test_list_page_shows_the_same_counts_and_total_on_the_day_after_a_birthday(client, manager):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12), tick=False):
        teen = make_resident(birth_date=datetime.date(2008, 12, 1), phone="")
        make_resident(birth_date=datetime.date(1990, 5, 5), phone="")
        client.force_login(manager)
        minors = client.get(LIST_URL, {"age_group": "minor"})
        assert minors.context["page"].paginator.count == 1
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12), tick=False):
        client.force_login(manager)
        youth = client.get(LIST_URL, {"age_group": "youth"})
        assert youth.context["page"].paginator.count == 2
        assert teen.pk in {row["resident"].pk for row in youth.context["rows"]}
        everyone = client.get(LIST_URL)
        assert everyone.context["page"].paginator.count == 2
        options = {
            facet["name"]: [o["label"] for o in facet["options"]]
            for facet in everyone.context["facets"]
        }
        assert sum(label.endswith("（0）") for label in options["age_group"]) == 3


def test_migration_backfills_the_counts_of_existing_residents(front_desk):
    for n in range(5):
        make_resident(actor=front_desk, area=f"区{n % 2}", status=("draft", "verified")[n % 2])
    ResidentCount.objects.all().delete()
    assert table_counts(status="", day=TODAY, year_only=False)["hukou_type"]["registered"] == 0
    migration = importlib.import_module("residents.migrations.0040_resident_counts")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    _assert_exact()


def test_pages_of_the_second_half_hold_the_same_residents_read_from_the_end(front_desk):
    for name in ("赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七"):
        make_resident(actor=front_desk, name=name)
    keys = Resident.objects.values_list("pk", flat=True)
    forward = list(keys)
    for start in range(len(forward)):
        for stop in range(start + 1, len(forward) + 3):
            assert PageKeys(keys, len(forward))[start:stop] == forward[start:stop]
    assert len(PageKeys(keys, None)) == len(forward)


# --- name fragments -------------------------------------------------------------------------

NAMES = ("王五", "王秀英", "李王秀", "欧阳娜娜", "司马懿", "欧阳秀英", "张三丰", "Anna Li", "秀")


@pytest.mark.parametrize("trigrams_see_chinese", [True, False])
def test_name_fragments_find_the_same_residents_as_before(
    front_desk, monkeypatch, trigrams_see_chinese
):
    # Under a plain C character type pg_trgm skips Chinese and the name pieces serve every
    # length: the same residents either way.
    monkeypatch.setitem(
        selectors._TRIGRAMS_INDEX_CHINESE, DEFAULT_DB_ALIAS, trigrams_see_chinese
    )
    for name in NAMES:
        make_resident(actor=front_desk, name=name)
    fragments = {
        name[i : i + size] for name in NAMES for size in (2, 3, 4) for i in range(len(name))
    } | {"阳娜", "欧阳秀", "王", "王秀英x", "na L", "五王"}
    for fragment in sorted(fragments):
        expected = set(
            Resident.objects.filter(name__contains=fragment).values_list("pk", flat=True)
        )
        found = set(residents_search(front_desk, query=fragment).values_list("pk", flat=True))
        assert found == expected, fragment
    compound = set(residents_search(front_desk, query="欧阳").values_list("name", flat=True))
    assert compound == {"欧阳娜娜", "欧阳秀英"}
    assert set(residents_search(front_desk, query="秀英").values_list("name", flat=True)) == {
        "王秀英", "欧阳秀英",
    }


def test_two_character_search_uses_the_name_pieces_index(front_desk):
    make_resident(actor=front_desk, name="王秀英")
    plan = residents_search(front_desk, query="王秀").explain()
    assert "resident_name_grams" in plan


def test_the_embedded_servers_trigrams_see_chinese_and_a_longer_search_uses_them_alone(
    front_desk,
):
    make_resident(actor=front_desk, name="王秀英")
    assert selectors._trigrams_index_chinese(DEFAULT_DB_ALIAS)
    query = str(residents_search(front_desk, query="王秀英").query)
    assert "resident_name_grams" not in query and "LIKE" in query


def test_list_page_counts_a_search_from_its_hits(client, manager):
    make_resident(name="王秀英", area="幸福小区")
    make_resident(name="王秀兰", area="安贞里")
    make_resident(name="李建国", area="幸福小区")
    client.force_login(manager)
    response = client.get(LIST_URL, {"q": "王秀"})
    assert response.context["page"].paginator.count == 2
    assert response.context["areas"] == {"安贞里": 1, "幸福小区": 1}
    assert policy_for(manager).may_see_residents
