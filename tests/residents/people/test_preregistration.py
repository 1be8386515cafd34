"""REG-6 / PRI-1: the public online pre-registration page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from residents.models import Resident
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("preregister")
DONE_URL = reverse("preregister_done")

PRE_REGISTRATION_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since", "phone",
    "service_needs", "remarks",
)


def _payload(*, consent: bool, **overrides) -> dict:
    data = registration_data(**overrides)
    payload = form_payload({name: data[name] for name in PRE_REGISTRATION_FIELDS})
    if consent:
        payload["consent"] = "on"
    return payload


def test_anonymous_visitor_gets_the_pre_registration_form(client):
    response = client.get(REGISTER_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="id_number"' in page
    assert 'name="consent"' in page


def test_anonymous_visitor_gets_the_acknowledgement_page(client):
    assert client.get(DONE_URL).status_code == 200


def test_pre_registration_creates_submitted_online_record_with_consent(client):
    payload = _payload(consent=True, phone="13812345678", service_needs="需要助餐服务")
    response = client.post(REGISTER_URL, payload)
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    resident = Resident.objects.get(id_number=payload["id_number"])
    assert resident.status == "submitted"
    assert resident.channel == "online"
    assert resident.submitted_at is not None
    assert resident.verified_at is None
    assert resident.archive_number is None
    assert resident.created_by is None
    assert resident.consent_optional is True
    assert resident.consent_recorded_at is not None
    assert resident.phone == "13812345678"
    assert resident.service_needs == "需要助餐服务"


def test_pre_registration_without_optional_fields_needs_no_consent(client):
    payload = _payload(consent=False, phone="", service_needs="", remarks="")
    response = client.post(REGISTER_URL, payload)
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=payload["id_number"])
    assert resident.consent_optional is False
    assert resident.consent_recorded_at is None
    assert resident.phone == ""


@pytest.mark.parametrize(
    "optional",
    [{"phone": "13812345678"}, {"service_needs": "需要助餐服务"}, {"remarks": "周末在家"}],
    ids=["phone", "service_needs", "remarks"],
)
def test_optional_fields_without_consent_are_refused_and_nothing_saved(client, optional):
    blank = {"phone": "", "service_needs": "", "remarks": ""}
    payload = _payload(consent=False, **{**blank, **optional})
    response = client.post(REGISTER_URL, payload)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert 'id="id_consent_error"' in response.content.decode()
    assert Resident.objects.count() == 0


def test_invalid_id_number_is_refused_on_the_public_page(client):
    payload = _payload(consent=True)
    payload["id_number"] = payload["id_number"][:-1] + (
        "0" if payload["id_number"][-1] != "0" else "1"
    )
    response = client.post(REGISTER_URL, payload)
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert Resident.objects.count() == 0


def test_repeated_pre_registration_creates_one_record_and_the_same_answer(client):
    payload = _payload(consent=True)
    first = client.post(REGISTER_URL, payload)
    second = client.post(REGISTER_URL, payload)
    lowercase = client.post(REGISTER_URL, {**payload, "id_number": payload["id_number"].lower()})
    assert Resident.objects.filter(id_number=payload["id_number"]).count() == 1
    assert Resident.objects.count() == 1
    for response in (first, second, lowercase):
        assert response.status_code == 302
        assert response["Location"] == DONE_URL


def test_pre_registration_never_reveals_or_changes_an_existing_resident(client):
    existing = make_resident(
        name="张秘密", address="东城区保密街88号", phone="13987654321",
        hukou_location="北京市东城区保密胡同",
    )
    payload = _payload(
        consent=True,
        id_number=existing.id_number,
        birth_date=existing.birth_date,
        gender=existing.gender,
        name="李新人",
        address="西城区公开路1号",
        phone="13811112222",
    )
    fresh = client.post(REGISTER_URL, _payload(consent=True))
    response = client.post(REGISTER_URL, payload, follow=True)

    # Same acknowledgement as a new declaration: nothing tells whether the number is known.
    assert response.redirect_chain == [(DONE_URL, 302)]
    assert fresh["Location"] == DONE_URL
    page = response.content.decode()
    for secret in (existing.name, existing.address, existing.phone, existing.hukou_location,
                   existing.archive_number):
        assert escape(secret) not in page
    assert existing.id_number not in page

    existing.refresh_from_db()
    assert existing.name == "张秘密"
    assert existing.address == "东城区保密街88号"
    assert existing.phone == "13987654321"
    assert existing.channel == "window"
    assert existing.status == "verified"
    assert Resident.objects.filter(id_number=existing.id_number).count() == 1


def test_refused_pre_registration_of_a_known_number_shows_only_what_was_typed(client):
    existing = make_resident(name="张秘密", address="东城区保密街88号", phone="13987654321")
    payload = _payload(
        consent=False,
        id_number=existing.id_number,
        birth_date=existing.birth_date,
        gender=existing.gender,
        name="李新人",
        phone="13811112222",  # optional field without consent: the form is shown again
    )
    response = client.post(REGISTER_URL, payload)
    assert response.status_code == 200
    page = response.content.decode()
    assert "李新人" in page
    for secret in (existing.name, existing.address, existing.phone, existing.archive_number):
        assert escape(secret) not in page
    assert reverse("residents:detail", args=[existing.pk]) not in page
