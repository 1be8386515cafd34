"""Issue 16 item 5: cases start from the resident's page, and where a resident must be chosen
a search by name, archive number or full ID number picks them (masked, read-logged)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from casework.affairs import catalogue as catalogue_services
from residents import roles
from residents.access.masking import mask_id_number
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

PICK = reverse("casework:resident_pick")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def resident(desk):
    return make_resident(actor=desk, name="欧阳明月")


def test_the_resident_page_offers_every_kind_of_case(desk, resident):
    text = _client(desk).get(reverse("residents:detail", args=[resident.pk])).content.decode()
    for url in (
        reverse("casework:change_open", args=[resident.pk]),
        reverse("casework:query_open", args=[resident.pk]),
        f"{reverse('casework:affair_accept')}?resident={resident.pk}",
        f"{reverse('casework:complaint_register')}?resident={resident.pk}",
    ):
        assert url in text


def test_the_picker_finds_by_name_archive_number_and_full_id_number_masked(desk, resident):
    client = _client(desk)
    for query in ("欧阳明", resident.archive_number, resident.id_number):
        response = client.get(PICK, {"for": "complaint", "q": query})
        text = response.content.decode()
        assert resident.archive_number in text, query
        # The row shows the number masked (the search box keeps what the clerk typed).
        assert [row["id_number"] for row in response.context["rows"]] == [
            mask_id_number(resident.id_number)
        ]
        assert mask_id_number(resident.id_number) in text
    reads = LogEntry.objects.filter(
        object_pk=str(resident.pk), action=LogEntry.Action.ACCESS,
        additional_data__purpose="resident_search",
    )
    assert reads.count() == 3


def test_choosing_a_resident_fills_in_the_affair_form(desk, resident):
    item = catalogue_services.catalogue_item_add(
        name="老年人优待证办理", legal_basis="《老年人权益保障法》", materials="户口簿",
        procedure="窗口受理", time_limit_days=3, needs_second_review=False,
        actor=make_user(roles.MANAGER),
    )
    client = _client(desk)
    response = client.get(PICK, {"for": "affair", "item": item.pk, "q": "欧阳明"})
    chosen = response.context["rows"][0]["url"]
    assert chosen == f"{reverse('casework:affair_accept')}?item={item.pk}&resident={resident.pk}"
    form = client.get(chosen).context["form"]
    assert form["archive_number"].value() == resident.archive_number


def test_an_unknown_resident_is_not_filled_in(desk, resident):
    response = _client(desk).get(
        reverse("casework:complaint_register"), {"resident": resident.pk + 100000}
    )
    assert response.context["form"]["archive_number"].value() in (None, "")
