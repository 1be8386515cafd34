"""DAT-3: confirmation slips of a selection of residents printed into one PDF by the job
queue's real worker, with progress, for the requester only."""

from __future__ import annotations

import io
import re

import pytest
from auditlog.models import LogEntry
from django.db import connections
from django.test import Client
from django.urls import reverse
from procrastinate.contrib.django import app
from pypdf import PdfReader

from residents import roles
from residents.access.masking import mask_id_number
from residents.batchprints import services
from residents.models import BatchPrint, BatchPrintStatus, Slip
from tests.factories import make_resident, make_user
from tests.residents.jobs.queue import empty_queue, run_worker_until_idle

CREATE_URL = reverse("residents:batch_print_create")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), re.sub(r"\s+", "", "\n".join(p.extract_text() for p in reader.pages))


@pytest.fixture
def queue(monkeypatch):
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    empty_queue()
    yield
    empty_queue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_prints_the_selected_verified_residents_into_one_pdf_for_the_requester(queue):
    front_desk = make_user(roles.FRONT_DESK)
    verified = [make_resident() for _ in range(3)]
    unverified = make_resident(status="submitted")
    client = client_for(front_desk)

    response = client.post(
        CREATE_URL,
        {"scope": "selected", "resident": [r.pk for r in [*verified, unverified]]},
    )
    batch = BatchPrint.objects.get()
    detail_url = reverse("residents:batch_print_detail", args=[batch.pk])
    assert response["Location"] == detail_url
    waiting = client.get(detail_url).content.decode()
    assert '<meta http-equiv="refresh"' in waiting
    assert "0 of 4" in waiting or "0/4" in waiting or "4 位居民中已完成 0 位" in waiting

    run_worker_until_idle(app)

    page = client.get(detail_url).content.decode()
    assert 'http-equiv="refresh"' not in page
    skipped = page.split('id="skipped"', 1)[1]
    assert unverified.name in skipped
    assert "审核通过后" in skipped or "verified" in skipped
    assert not any(r.name in skipped for r in verified)

    slips = Slip.objects.filter(printed_by=front_desk)
    assert sorted(s.resident_id for s in slips) == sorted(r.pk for r in verified)
    assert len({s.verification_code for s in slips}) == 3
    assert all(s.field_groups for s in slips)

    last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    download = client.get(reverse("residents:batch_print_pdf", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    pages, text = pdf_text(download.content)
    assert pages >= 3
    for resident in verified:
        assert resident.name in text
        assert mask_id_number(resident.id_number) in text
        assert resident.id_number not in text
    for slip in slips:
        # On the slip, and in its page footer: the code appears at least twice.
        assert text.count(slip.verification_code) >= 2
    assert unverified.name not in text
    reads = LogEntry.objects.filter(
        pk__gt=last_entry, action=LogEntry.Action.ACCESS, actor=front_desk
    )
    assert sorted(int(e.object_pk) for e in reads) == sorted(r.pk for r in verified)
    assert all(e.additional_data["purpose"] == "registration_slip" for e in reads)

    # Another printer does not see the batch, nor its PDF.
    other = client_for(make_user(roles.FRONT_DESK))
    assert other.get(detail_url).status_code == 404
    assert other.get(reverse("residents:batch_print_pdf", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
def test_a_double_submit_makes_one_batch(front_desk):
    residents = [make_resident(), make_resident()]
    client = client_for(front_desk)
    data = {"scope": "selected", "resident": [r.pk for r in residents]}
    first = client.post(CREATE_URL, data)
    second = client.post(CREATE_URL, data)
    assert BatchPrint.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_all_matching_the_filter_selects_what_the_list_shows(front_desk):
    make_resident(area="幸福小区")
    make_resident(area="和平小区")
    client = client_for(front_desk)
    client.post(CREATE_URL, {"scope": "filter", "area": "和平小区"})
    batch = BatchPrint.objects.get()
    assert len(batch.resident_ids) == 1


@pytest.mark.django_db
def test_a_batch_larger_than_the_limit_is_refused_in_chinese(front_desk, settings):
    settings.BATCH_PRINT_MAX_RESIDENTS = 1
    residents = [make_resident(), make_resident()]
    response = client_for(front_desk).post(
        CREATE_URL, {"scope": "selected", "resident": [r.pk for r in residents]}, follow=True
    )
    assert "批量打印最多" in response.content.decode()
    assert not BatchPrint.objects.exists()


@pytest.mark.django_db
def test_an_empty_selection_is_refused(front_desk):
    response = client_for(front_desk).post(CREATE_URL, {"scope": "selected"}, follow=True)
    assert "请至少选择一位居民" in response.content.decode()
    assert not BatchPrint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.REPORTER, roles.AUDITOR, roles.SYSADMIN, roles.OTHER_STAFF])
def test_users_who_may_not_print_slips_cannot_start_a_batch(role):
    resident = make_resident()
    response = client_for(make_user(role)).post(
        CREATE_URL, {"scope": "selected", "resident": [resident.pk]}
    )
    assert response.status_code == 403
    assert not BatchPrint.objects.exists()


@pytest.mark.django_db
def test_the_resident_list_offers_the_batch_print_to_printers_only(front_desk, other_staff):
    make_resident()
    page = client_for(front_desk).get(reverse("residents:list")).content.decode()
    assert 'form="batch-print"' in page and CREATE_URL in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_a_batch_that_runs_again_prints_nothing_more(front_desk):
    resident = make_resident()
    batch = services.batch_print_request(actor=front_desk, resident_ids=[resident.pk])
    services.batch_print_run(batch_id=batch.pk)
    services.batch_print_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchPrintStatus.DONE
    assert Slip.objects.filter(resident=resident).count() == 1
