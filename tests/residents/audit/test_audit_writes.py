"""ACC-4 writes: auditlog records every resident write with actor and address, masked."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from residents.audit.context import acting_as
from residents.audit.sealing import data_key, unseal
from residents.models import RegistrationStatus, Resident
from residents.people import services
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

PHONE = "13698765432"
HUKOU = "上海市黄浦区"


def _entries(resident: Resident, action: int):
    return LogEntry.objects.get_for_object(resident).filter(action=action)


def test_creating_a_resident_records_a_create_entry_with_actor_address_and_masked_values(
    front_desk_client, front_desk
):
    data = registration_data(phone=PHONE, hukou_location=HUKOU)
    response = front_desk_client.post(
        reverse("residents:create"), form_payload(data), REMOTE_ADDR="10.20.30.40"
    )
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])

    entry = _entries(resident, LogEntry.Action.CREATE).get()
    assert entry.actor == front_desk
    assert entry.remote_addr == "10.20.30.40"
    changes = entry.changes
    assert changes["id_number"][-1] == "******"
    assert changes["phone"][-1] == "******"
    assert changes["hukou_location"][-1] == "******"
    # Ordinary fields are logged sealed with the resident's key (ACC-14), readable with it.
    assert data["name"] not in json.dumps(changes, ensure_ascii=False)
    assert unseal(data_key(resident.pk), resident.pk, "name", changes["name"][-1]) == data["name"]

    stored = json.dumps(changes, ensure_ascii=False)
    texts = [
        stored,
        entry.changes_text,
        entry.object_repr,
    ]
    for secret in (data["id_number"], PHONE, HUKOU):
        for text in texts:
            assert secret not in text


def test_correcting_a_phone_logs_both_old_and_new_values_masked(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk, status="draft", phone=PHONE)
    payload = form_payload(registration_data())
    payload.update(
        form_payload(
            {
                field: getattr(resident, field)
                for field in ("name", "gender", "birth_date", "hukou_location", "address",
                              "residence_type", "documents_checked", "consent_optional")
            }
        )
    )
    # Write-only for front desk: blank keeps the stored number and date of birth.
    payload["id_number"] = ""
    payload["birth_date"] = ""
    payload["phone"] = "13611112222"
    response = front_desk_client.post(reverse("residents:edit", args=[resident.pk]), payload)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.phone == "13611112222"

    entry = _entries(resident, LogEntry.Action.UPDATE).get()
    assert entry.actor == front_desk
    assert entry.changes["phone"] == ["******", "******"]
    assert "id_number" not in entry.changes
    stored = json.dumps(entry.changes, ensure_ascii=False)
    assert PHONE not in stored and "13611112222" not in stored


def test_verifying_records_an_update_entry_with_the_actor(
    front_desk_client, front_desk, front_desk2
):
    # Entered by a colleague: nobody verifies their own registration (ACC-8).
    resident = make_resident(actor=front_desk2, status="submitted")
    response = front_desk_client.post(
        reverse("residents:verify", args=[resident.pk]), REMOTE_ADDR="10.20.30.41"
    )
    assert response.status_code == 302
    resident.refresh_from_db()

    entry = _entries(resident, LogEntry.Action.UPDATE).get()
    assert entry.actor == front_desk
    assert entry.remote_addr == "10.20.30.41"
    assert entry.changes["status"] == [RegistrationStatus.SUBMITTED, RegistrationStatus.VERIFIED]
    assert entry.changes["archive_number"][-1] == resident.archive_number


def test_resident_str_holds_neither_name_nor_id_number():
    resident = make_resident(status="draft")
    text = str(resident)
    assert resident.name not in text
    assert resident.id_number not in text


def test_nested_acting_blocks_attribute_each_write_to_its_own_actor(front_desk, manager):
    with acting_as(front_desk):
        first = services.registration_create(
            actor=front_desk, data=registration_data(), submit=True
        )
        with acting_as(manager):
            services.registration_verify(registration=first, actor=manager)
        second = services.registration_create(
            actor=front_desk, data=registration_data(), submit=True
        )
    verified = _entries(first, LogEntry.Action.UPDATE).get()
    assert verified.actor == manager
    assert _entries(first, LogEntry.Action.CREATE).get().actor == front_desk
    # Back in the enclosing block, the enclosing actor again.
    assert _entries(second, LogEntry.Action.CREATE).get().actor == front_desk
