"""Resident lists and search: what finds whom, paging, masking and who may look at all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents.access.masking import mask_id_number, mask_phone
from residents.models import Resident
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

LIST_URL = reverse("residents:list")


def _found(client, query: str, **params) -> list[int]:
    response = client.get(LIST_URL, {"q": query, **params})
    assert response.status_code == 200
    return [row["resident"].pk for row in response.context["rows"]]


@pytest.fixture
def three_residents(db):
    return (
        make_resident(name="王小明", phone="13812345678"),
        make_resident(name="李小红", phone="010-62345678"),
        make_resident(name="张大山", phone="13987650000", status="draft"),
    )


def test_search_by_name_fragment_finds_matching_residents(front_desk_client, three_residents):
    wang, li, zhang = three_residents
    assert _found(front_desk_client, "小明") == [wang.pk]
    assert sorted(_found(front_desk_client, "小")) == sorted([wang.pk, li.pk])
    assert _found(front_desk_client, "大山") == [zhang.pk]
    assert _found(front_desk_client, "赵") == []


def test_search_by_full_id_number_finds_exactly_that_resident(front_desk_client, three_residents):
    for resident in three_residents:
        assert _found(front_desk_client, resident.id_number) == [resident.pk]
        assert _found(front_desk_client, resident.id_number.lower()) == [resident.pk]


def test_search_by_mobile_phone_finds_the_resident(front_desk_client, three_residents):
    wang, _li, _zhang = three_residents
    assert _found(front_desk_client, "13812345678") == [wang.pk]


def test_search_by_landline_finds_the_resident(front_desk_client, three_residents):
    _wang, li, _zhang = three_residents
    assert _found(front_desk_client, "010-62345678") == [li.pk]


def test_search_by_archive_number_finds_the_resident(front_desk_client, three_residents):
    wang, li, zhang = three_residents
    assert wang.archive_number and li.archive_number and zhang.archive_number is None
    assert _found(front_desk_client, wang.archive_number) == [wang.pk]
    assert _found(front_desk_client, li.archive_number.lower()) == [li.pk]


def test_search_combines_with_status_filter(front_desk_client, three_residents):
    wang, _li, zhang = three_residents
    assert _found(front_desk_client, "", status="draft") == [zhang.pk]
    assert _found(front_desk_client, "小明", status="draft") == []
    assert _found(front_desk_client, "小明", status="verified") == [wang.pk]


def test_too_short_number_query_finds_nothing(front_desk_client, three_residents):
    assert _found(front_desk_client, "13") == []


def test_list_is_paginated_at_50(front_desk_client):
    for _ in range(51):
        make_resident(status="draft")
    first = front_desk_client.get(LIST_URL)
    assert first.context["page"].paginator.per_page == 50
    assert first.context["page"].paginator.count == 51
    assert len(first.context["rows"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = front_desk_client.get(LIST_URL, {"page": 2})
    assert len(second.context["rows"]) == 1
    shown = {row["resident"].pk for row in first.context["rows"] + second.context["rows"]}
    assert shown == set(Resident.objects.values_list("pk", flat=True))


def test_out_of_range_page_shows_the_last_page(front_desk_client, three_residents):
    response = front_desk_client.get(LIST_URL, {"page": "999"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


@pytest.mark.parametrize("client_fixture", ["front_desk_client", "manager_client"])
def test_list_shows_only_masked_id_numbers_and_phones(request, client_fixture, three_residents):
    client = request.getfixturevalue(client_fixture)
    page = client.get(LIST_URL).content.decode()
    for resident in three_residents:
        assert resident.name in page
        assert resident.id_number not in page
        assert resident.phone not in page
        assert mask_id_number(resident.id_number) in page
        assert mask_phone(resident.phone) in page


@pytest.mark.parametrize("client_fixture", ["front_desk_client", "manager_client"])
def test_search_hits_show_only_masked_phones(request, client_fixture, three_residents):
    client = request.getfixturevalue(client_fixture)
    wang, _li, _zhang = three_residents
    response = client.get(LIST_URL, {"q": "王小明"})
    page = response.content.decode()
    assert wang.id_number not in page
    assert "13812345678" not in page
    assert mask_phone("13812345678") in page


@pytest.mark.parametrize("role", ["auditor", "sysadmin"])
def test_user_without_resident_access_gets_403_on_the_list(client, request, role):
    client.force_login(request.getfixturevalue(role))
    make_resident(name="王小明")
    response = client.get(LIST_URL, {"q": "王小明"})
    assert response.status_code == 403
    assert "王小明" not in response.content.decode()


def test_staff_without_a_grant_find_no_resident_in_the_list(client, other_staff):
    client.force_login(other_staff)
    make_resident(name="王小明")
    response = client.get(LIST_URL, {"q": "王小明"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["page"].paginator.count == 0
