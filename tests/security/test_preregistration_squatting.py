"""A pending online pre-registration never blocks the real person at the window (ACC-13)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from residents.models import Channel, RegistrationStatus, Resident
from tests.factories import form_payload, registration_data

pytestmark = pytest.mark.django_db

PRE_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since",
)


def _squat(data: dict) -> Resident:
    """Somebody else declares the resident's ID number online, with made-up details."""
    fake = dict(data, name="冒名者", address="不存在的地址 1 号")
    payload = form_payload({name: fake[name] for name in PRE_FIELDS})
    Client().post(reverse("preregister"), payload)
    return Resident.objects.get(id_number=data["id_number"])


def test_the_window_takes_over_a_pending_online_declaration_after_checking_the_card(
    front_desk_client,
):
    data = registration_data()
    squatted = _squat(data)
    assert squatted.channel == Channel.ONLINE

    response = front_desk_client.post(
        reverse("residents:create"), {**form_payload(data), "submit": "1"}
    )
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])
    assert resident.pk == squatted.pk  # one person, one record
    assert resident.name == data["name"]
    assert resident.address == data["address"]
    assert resident.channel == Channel.WINDOW
    assert resident.status == RegistrationStatus.SUBMITTED


def test_taking_over_needs_the_identity_document_checked(front_desk_client):
    data = registration_data()
    _squat(data)
    payload = form_payload(dict(data, documents_checked=[]))
    response = front_desk_client.post(reverse("residents:create"), {**payload, "submit": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Resident.objects.get(id_number=data["id_number"]).name == "冒名者"
