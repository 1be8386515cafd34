"""Age groups are derived from the birth date on the day they are read (CLS-1); list filters."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from residents.models import HardshipEntry
from residents.people.classification import AgeGroup, age_group
from tests.factories import make_resident

LIST_URL = reverse("residents:list")
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("birth", "day", "group"),
    [
        (datetime.date(2008, 11, 25), datetime.date(2026, 11, 24), AgeGroup.MINOR),
        (datetime.date(2008, 11, 24), datetime.date(2026, 11, 24), AgeGroup.YOUTH),
        (datetime.date(1981, 11, 25), datetime.date(2026, 11, 24), AgeGroup.YOUTH),
        (datetime.date(1981, 11, 24), datetime.date(2026, 11, 24), AgeGroup.MIDDLE_AGED),
        (datetime.date(1966, 11, 25), datetime.date(2026, 11, 24), AgeGroup.MIDDLE_AGED),
        (datetime.date(1966, 11, 24), datetime.date(2026, 11, 24), AgeGroup.ELDERLY),
        # Born on 29 February: 18 on 1 March of a common year, not on 28 February.
        (datetime.date(2008, 2, 29), datetime.date(2026, 2, 28), AgeGroup.MINOR),
        (datetime.date(2008, 2, 29), datetime.date(2026, 3, 1), AgeGroup.YOUTH),
    ],
)
def test_age_group_turns_on_the_birthday(birth, day, group):
    assert age_group(birth, day) == group


def test_age_group_bounds_are_one_setting(settings):
    settings.AGE_GROUP_BOUNDS = (16, 40, 65)
    assert age_group(datetime.date(2009, 1, 1), datetime.date(2026, 1, 1)) == AgeGroup.YOUTH
    assert age_group(datetime.date(1962, 1, 2), datetime.date(2026, 1, 1)) == AgeGroup.MIDDLE_AGED


def _filtered(client, **params) -> set[int]:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return {row["resident"].pk for row in response.context["rows"]}


@pytest.mark.django_db
def test_list_filter_moves_a_resident_to_youth_on_the_eighteenth_birthday(client, manager):
    # Logged in inside each travel: a session's expiry is reckoned from the travelled clock.
    with time_machine.travel(_noon(datetime.date(2026, 11, 23)), tick=False):
        client.force_login(manager)
        teen = make_resident(birth_date=datetime.date(2008, 11, 24), phone="")
        assert teen.pk in _filtered(client, age_group="minor")
        assert teen.pk not in _filtered(client, age_group="youth")
    with time_machine.travel(_noon(datetime.date(2026, 11, 24)), tick=False):
        client.force_login(manager)
        assert teen.pk not in _filtered(client, age_group="minor")
        assert teen.pk in _filtered(client, age_group="youth")


@pytest.mark.django_db
def test_front_desk_filter_moves_a_resident_on_new_year_not_on_the_birthday(client, front_desk):
    # The front desk sees only the birth year: a group that changed on the birthday would
    # tell the day (ACC-9). The age reached in the year counts.
    with time_machine.travel(_noon(datetime.date(2025, 12, 31)), tick=False):
        client.force_login(front_desk)
        teen = make_resident(birth_date=datetime.date(2008, 11, 24), phone="")
        assert teen.pk in _filtered(client, age_group="minor")
    with time_machine.travel(_noon(datetime.date(2026, 1, 1)), tick=False):
        client.force_login(front_desk)
        assert teen.pk in _filtered(client, age_group="youth")
    with time_machine.travel(_noon(datetime.date(2026, 11, 23)), tick=False):
        client.force_login(front_desk)
        assert teen.pk in _filtered(client, age_group="youth")
        assert teen.pk not in _filtered(client, age_group="minor")


def test_age_group_by_year_counts_the_age_reached_in_the_year():
    born = datetime.date(1966, 11, 25)
    assert age_group(born, datetime.date(2026, 1, 1), year_only=True) == AgeGroup.ELDERLY
    assert age_group(born, datetime.date(2025, 12, 31), year_only=True) == AgeGroup.MIDDLE_AGED


@pytest.mark.django_db
def test_list_filters_by_registration_type_floating_and_area(front_desk_client):
    local = make_resident(hukou_type="registered", area="幸福小区")
    migrant = make_resident(
        hukou_type="non_registered", area="和平里七区", is_floating=True,
        floating_arrived_on=datetime.date(2025, 3, 1),
    )
    assert _filtered(front_desk_client, hukou_type="non_registered") == {migrant.pk}
    assert _filtered(front_desk_client, floating="yes") == {migrant.pk}
    assert _filtered(front_desk_client, floating="no") == {local.pk}
    assert _filtered(front_desk_client, area="幸福小区") == {local.pk}


@pytest.mark.django_db
def test_list_shows_the_count_behind_each_filter_choice(front_desk_client):
    make_resident(hukou_type="non_registered", area="和平里七区")
    make_resident(hukou_type="non_registered", area="和平里七区")
    make_resident(hukou_type="registered", area="幸福小区")
    response = front_desk_client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en")
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    labels = [option["label"] for option in facets["hukou_type"]["options"]]
    assert any(label.endswith("（2）") and "Non-registered" in label for label in labels)
    assert response.context["areas"] == {"和平里七区": 2, "幸福小区": 1}


@pytest.mark.django_db
def test_register_filter_is_offered_to_managers_only(front_desk_client, manager, client):
    front_page = front_desk_client.get(LIST_URL)
    assert "register" not in {facet["name"] for facet in front_page.context["facets"]}
    client.force_login(manager)
    names = {facet["name"]: facet for facet in client.get(LIST_URL).context["facets"]}
    values = {option["value"] for option in names["register"]["options"]}
    assert {"dibao", "tekun", "disability", "key_person"} <= values


@pytest.mark.django_db
def test_a_crafted_register_filter_reveals_nothing_to_the_front_desk(front_desk_client, manager):
    poor = make_resident()
    other = make_resident()
    HardshipEntry.objects.create(
        resident=poor, kind="dibao", start_date=datetime.date(2025, 1, 1),
        review_date=datetime.date(2027, 1, 1), recorded_by=manager,
    )
    assert _filtered(front_desk_client, register="dibao") == {poor.pk, other.pk}


@pytest.mark.django_db
def test_manager_filters_residents_on_a_current_hardship_register(client, manager):
    poor = make_resident()
    formerly = make_resident()
    make_resident()
    HardshipEntry.objects.create(
        resident=poor, kind="dibao", start_date=datetime.date(2025, 1, 1),
        review_date=datetime.date(2027, 1, 1), recorded_by=manager,
    )
    HardshipEntry.objects.create(
        resident=formerly, kind="dibao", start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1), review_date=datetime.date(2021, 1, 1),
        recorded_by=manager,
    )
    client.force_login(manager)
    assert _filtered(client, register="dibao") == {poor.pk}
