"""A long name is either saved whole or refused next to the name field: never a 500, never a
half-saved record, never a change request that can no longer be approved.

The pinyin sort key of a name is several times longer than the name; it only orders lists, so
it is cut to fit its column whatever the name.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.change import services as change_services
from casework.engine import services as case_services
from residents.audit.context import acting_as
from residents.common.validation import NAME_MAX_LENGTH
from residents.models import Resident
from residents.people.services import name_sort_key
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

# Fifty characters of the longest pinyin syllables there are: zhuang, shuang, chuang.
LONGEST_NAME = ("壮双窗" * 17)[:NAME_MAX_LENGTH]
TOO_LONG_NAME = LONGEST_NAME + "庄"
SORT_KEY_LENGTH = Resident._meta.get_field("name_sort_key").max_length
PRE_REGISTRATION_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since", "phone",
    "service_needs", "remarks",
)


def _pre_registration(**overrides) -> dict:
    data = registration_data(phone="", **overrides)
    return form_payload({name: data[name] for name in PRE_REGISTRATION_FIELDS})


def test_the_name_limit_is_the_column_of_the_record():
    assert Resident._meta.get_field("name").max_length == NAME_MAX_LENGTH


@pytest.mark.parametrize(
    "name",
    [LONGEST_NAME, "a" * 500, "壮" * 1000, "Ⅻ" * 300, "阿卜杜热合曼·" * 40],
)
def test_the_sort_key_fits_its_column_whatever_the_name(name):
    key = name_sort_key(name)
    assert 0 < len(key) <= SORT_KEY_LENGTH
    assert key == key.strip()


def test_the_sort_key_of_a_long_name_still_orders_by_its_beginning():
    assert name_sort_key("阿" + LONGEST_NAME[1:]) < name_sort_key("壮" + LONGEST_NAME[1:])
    assert name_sort_key(LONGEST_NAME).startswith(name_sort_key(LONGEST_NAME[:10]))


def test_staff_register_a_resident_with_the_longest_name(front_desk_client):
    payload = form_payload(registration_data(name=LONGEST_NAME))
    response = front_desk_client.post(reverse("residents:create"), payload)
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=payload["id_number"])
    assert resident.name == LONGEST_NAME
    assert len(resident.name_sort_key) <= SORT_KEY_LENGTH


def test_a_resident_pre_registers_with_the_longest_name(client):
    payload = _pre_registration(name=LONGEST_NAME)
    response = client.post(reverse("preregister"), payload)
    assert response.status_code == 302
    assert Resident.objects.get(id_number=payload["id_number"]).name == LONGEST_NAME


@pytest.mark.parametrize("url_name", ["residents:create", "preregister"])
def test_a_name_over_the_limit_is_refused_next_to_the_field(front_desk_client, url_name):
    if url_name == "preregister":
        front_desk_client.logout()
        payload = _pre_registration(name=TOO_LONG_NAME)
    else:
        payload = form_payload(registration_data(name=TOO_LONG_NAME))
    response = front_desk_client.post(reverse(url_name), payload)
    assert response.status_code == 200
    errors = response.context["form"].errors["name"]
    assert errors == [f"姓名最多 {NAME_MAX_LENGTH} 个字。"]
    assert not Resident.objects.filter(id_number=payload["id_number"]).exists()


def test_a_change_to_the_longest_name_is_approved_and_applied(front_desk, front_desk2, manager):
    resident = make_resident(actor=front_desk)
    case = change_services.change_request_open(
        resident=resident, actor=front_desk, proposed={"name": LONGEST_NAME},
        reason="户口簿姓名更正", documents="户口簿原件",
    )
    # Opened, verified and approved by three people (four eyes, ACC-8).
    case = case_services.case_act(case=case, action="verify", actor=front_desk2)
    with acting_as(manager):
        change_services.change_approve(case=case, actor=manager, reason="材料属实")
    resident.refresh_from_db()
    assert resident.name == LONGEST_NAME
    assert resident.name_sort_key == name_sort_key(LONGEST_NAME)
