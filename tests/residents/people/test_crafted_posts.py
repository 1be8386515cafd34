"""Fields a form does not offer cannot be set by adding them to the POST (ACC-3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents.models import Resident
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db


def test_registration_with_a_crafted_status_is_refused_and_nothing_saved(front_desk_client):
    data = registration_data()
    payload = {**form_payload(data), "submit": "1", "status": "verified",
               "archive_number": "JM-2026-999999"}
    response = front_desk_client.post(reverse("residents:create"), payload)
    assert response.status_code == 200
    assert "archive_number, status" in str(response.context["form"].non_field_errors())
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_correcting_a_returned_registration_cannot_set_its_verifier(front_desk_client, manager):
    resident = make_resident(status="returned")
    payload = {**form_payload(registration_data(id_number="", phone="")), "name": "李新",
               "verified_by": str(manager.pk)}
    response = front_desk_client.post(reverse("residents:edit", args=[resident.pk]), payload)
    resident.refresh_from_db()
    assert response.status_code == 200
    assert resident.verified_by is None
    assert resident.name != "李新"


def test_public_page_refuses_a_crafted_archive_number(client):
    data = registration_data()
    del data["documents_checked"], data["consent_optional"]
    honest = client.post(reverse("preregister"), {**form_payload(data), "consent": "on"})
    assert honest.status_code == 302
    data = registration_data()
    del data["documents_checked"], data["consent_optional"]
    payload = {**form_payload(data), "consent": "on", "archive_number": "JM-2026-000001"}
    response = client.post(reverse("preregister"), payload)
    assert response.status_code == 200
    assert "archive_number" in str(response.context["form"].non_field_errors())
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()
