"""ACC-14: a resident's personal values in the audit history are encrypted with a key of their
own, read back only by viewers whose field policy shows the field, and unreadable once the key is
destroyed, while the entries and the hash chain stay."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from config.settings import BASE_DIR
from residents.audit import sealing
from residents.audit.chain import verify_chain
from residents.models import Resident, ResidentAuditKey
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

NAME = "司马青云"
OLD_ADDRESS = "黄浦区中山东一路1号"
NEW_ADDRESS = "静安区南京西路99号"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entries(resident) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident), object_pk=str(resident.pk)
        ).order_by("pk")
    )


@pytest.fixture
def moved(front_desk, manager) -> Resident:
    resident = make_resident(actor=front_desk, name=NAME, address=OLD_ADDRESS)
    with set_actor(manager):
        resident.address = NEW_ADDRESS
        resident.save()
    return resident


def _change_cells(client, resident) -> str:
    response = client.get(reverse("audit:trail"), {"resident": f"#{resident.pk}"})
    assert response.status_code == 200
    return json.dumps(
        [row.changes for row in response.context["rows"]], ensure_ascii=False
    )


def test_the_log_holds_a_residents_values_only_encrypted(moved):
    stored = json.dumps([entry.changes for entry in _entries(moved)], ensure_ascii=False)
    for secret in (NAME, OLD_ADDRESS, NEW_ADDRESS):
        assert secret not in stored
    assert sealing.PREFIX in stored
    update = _entries(moved)[-1]
    assert sealing.is_sealed(update.changes["address"][1])
    assert ResidentAuditKey.objects.filter(resident_id=moved.pk).count() == 1


def test_a_manager_reads_the_old_and_new_values_in_the_trail(manager, moved):
    cells = _change_cells(_client(manager), moved)
    assert OLD_ADDRESS in cells and NEW_ADDRESS in cells
    assert NAME in cells


def test_an_auditor_whose_policy_does_not_cover_the_fields_sees_no_values(auditor, moved):
    cells = _change_cells(_client(auditor), moved)
    for secret in (NAME, OLD_ADDRESS, NEW_ADDRESS):
        assert secret not in cells
    assert sealing.PREFIX not in cells


def test_a_value_copied_to_another_resident_does_not_decrypt(front_desk, moved):
    other = make_resident(actor=front_desk)
    token = _entries(moved)[-1].changes["address"][1]
    key = sealing.data_key(other.pk)
    assert sealing.unseal(key, other.pk, "address", token) is sealing.UNREADABLE
    own = sealing.data_key(moved.pk)
    assert sealing.unseal(own, moved.pk, "address", token) == NEW_ADDRESS


def test_destroying_the_key_leaves_entries_without_values_and_the_chain_intact(manager, moved):
    before = len(_entries(moved))
    assert sealing.destroy_key(moved.pk)
    entries = _entries(moved)
    assert len(entries) == before
    assert all(entry.actor_id and entry.timestamp for entry in entries[-1:])
    cells = _change_cells(_client(manager), moved)
    for secret in (NAME, OLD_ADDRESS, NEW_ADDRESS):
        assert secret not in cells
    response = _client(manager).get(reverse("audit:trail"), {"resident": f"#{moved.pk}"})
    rows = response.context["rows"]
    assert any(row.changes for row in rows)
    assert verify_chain().intact


def test_production_refuses_to_start_without_the_key_encryption_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEMO_MODE", "AUDIT_KEK"}}
    env["SECRET_KEY"] = "p7Hq-3vKz!9dWm2_Lr8sYt4@Nc6fXb1eJg5uRa0iOk-VhZqTyPwEnM"
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "AUDIT_KEK" in result.stderr
