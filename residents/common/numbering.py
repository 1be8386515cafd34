"""Resident archive numbers (REG-4): unique, readable, sequential per year, without gaps.

The year's counter row is locked for the rest of the caller's transaction, so concurrent
verifications queue up, and a rolled-back verification gives its number back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from residents.models import ArchiveSequence


def format_archive_number(year: int, number: int) -> str:
    return f"{settings.ARCHIVE_NUMBER_PREFIX}-{year}-{number:06d}"


def archive_number_next() -> str:
    if not connection.in_atomic_block:
        raise RuntimeError("archive numbers are taken inside the verifying transaction")
    year = timezone.localdate().year
    # INSERT … ON CONFLICT DO NOTHING creates the year's row without a race between two first calls.
    ArchiveSequence.objects.bulk_create(
        [ArchiveSequence(year=year, last_number=0)], ignore_conflicts=True
    )
    with transaction.atomic():
        sequence = ArchiveSequence.objects.select_for_update().get(year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return format_archive_number(year, sequence.last_number)
