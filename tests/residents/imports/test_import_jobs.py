"""DAT-1, DAT-4: a large file's dry run and every confirmed import run on the job queue's real
worker; the page shows the progress and can be left and reopened."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client, override_settings
from django.urls import reverse
from procrastinate.contrib.django import app

from residents import roles
from residents.audit.chain import verify_chain
from residents.imports import services
from residents.imports.demo import DEMO_COLUMNS
from residents.models import Channel, ImportBatch, ImportSource, ImportStatus, Resident
from tests.factories import make_user, registration_data
from tests.residents.imports.files import csv_file, police_row
from tests.residents.jobs.queue import empty_queue, run_worker_until_idle


@pytest.fixture
def queue(monkeypatch):
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    empty_queue()
    yield
    empty_queue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_is_checked_and_imported_by_the_worker_while_the_page_follows(
    queue, monkeypatch
):
    # Chunks of two rows: the import's two connections share the five rows between them.
    monkeypatch.setattr(services, "IMPORT_CHUNK", 2)
    front_desk = make_user(roles.FRONT_DESK)
    profile = services.import_profile_save(
        actor=make_user(roles.MANAGER), source=ImportSource.POLICE,
        columns=DEMO_COLUMNS[ImportSource.POLICE],
    )
    people = [registration_data() for _ in range(5)]
    client = Client()
    client.force_login(front_desk)
    with override_settings(IMPORT_SYNC_MAX_BYTES=10):
        response = client.post(reverse("imports:list"), {
            "profile": profile.pk,
            "file": SimpleUploadedFile(
                "shared.csv", csv_file([police_row(data) for data in people])
            ),
        })
    batch = ImportBatch.objects.get()
    detail = reverse("imports:detail", args=[batch.pk])
    assert response["Location"] == detail
    waiting = client.get(detail).content.decode()
    assert batch.status == ImportStatus.CHECKING
    assert 'http-equiv="refresh"' in waiting and "试运行中" in waiting

    run_worker_until_idle(app)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED and batch.new_rows == 5
    # The page can be left: the list of my imports leads back to it.
    assert detail in client.get(reverse("imports:list")).content.decode()

    client.post(reverse("imports:confirm", args=[batch.pk]))
    queued = client.get(detail).content.decode()
    assert 'http-equiv="refresh"' in queued and "等待导入" in queued
    run_worker_until_idle(app)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    imported = Resident.objects.filter(channel=Channel.IMPORT)
    assert sorted(imported.values_list("id_number", flat=True)) == sorted(
        data["id_number"] for data in people
    )
    # Each registration once, linked to its row and audited with the batch; the chain holds.
    linked = dict(batch.rows.values_list("id_number", "resident_id"))
    assert linked == dict(imported.values_list("id_number", "pk"))
    created = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, additional_data__import_batch=batch.pk
    )
    assert sorted(int(entry.object_pk) for entry in created) == sorted(linked.values())
    assert verify_chain().intact
    done = client.get(detail).content.decode()
    assert 'http-equiv="refresh"' not in done and "5 份登记待核实" in done
