"""The PDF of a batch print is deleted BATCH_PRINT_KEEP_HOURS after it was printed, by an
hourly job; the batch and its slip records stay, and its page says the PDF is gone. Newer
PDFs and batches still printing are kept."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from residents import roles
from residents.batchprints.services import batch_print_pdfs_prune
from residents.models import BatchPrint, BatchPrintStatus
from tests.factories import make_user


def _batch(user, *, hours_ago: float | None, status=BatchPrintStatus.DONE) -> BatchPrint:
    finished = None if hours_ago is None else timezone.now() - datetime.timedelta(hours=hours_ago)
    return BatchPrint.objects.create(
        requested_by=user, resident_ids=[1, 2], slip_ids=[1, 2] if finished else [],
        status=status, done=2 if finished else 0, finished_at=finished,
        pdf=b"%PDF-1.7 slips" if finished else None,
    )


def test_the_prune_is_an_hourly_periodic_task():
    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled["residents.batchprints.tasks.prune_batch_print_pdfs"].cron == "20 * * * *"


@pytest.mark.django_db
def test_old_pdfs_are_deleted_and_the_batch_page_says_so(settings):
    settings.BATCH_PRINT_KEEP_HOURS = 24
    desk = make_user(roles.FRONT_DESK)
    old = _batch(desk, hours_ago=25)
    recent = _batch(desk, hours_ago=2)
    running = _batch(desk, hours_ago=None, status=BatchPrintStatus.RUNNING)

    assert batch_print_pdfs_prune() == 1

    def pdf_of(batch):
        return BatchPrint.objects.values_list("pdf", flat=True).get(pk=batch.pk)

    assert pdf_of(old) is None
    assert bytes(pdf_of(recent)) == b"%PDF-1.7 slips"
    assert BatchPrint.objects.get(pk=running.pk).status == BatchPrintStatus.RUNNING
    # The batch itself and its slip records stay.
    assert BatchPrint.objects.get(pk=old.pk).slip_ids == [1, 2]

    client = Client()
    client.force_login(desk)
    page = client.get(reverse("residents:batch_print_detail", args=[old.pk])).content.decode()
    assert 'id="pdf-deleted"' in page
    assert reverse("residents:batch_print_pdf", args=[old.pk]) not in page
    response = client.get(reverse("residents:batch_print_pdf", args=[old.pk]))
    assert response.status_code == 302
    page = client.get(reverse("residents:batch_print_detail", args=[recent.pk])).content.decode()
    assert reverse("residents:batch_print_pdf", args=[recent.pk]) in page
