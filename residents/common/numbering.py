"""Gapless per-year counters: resident archive numbers (REG-4) and, in casework, case numbers.

A counter row (the year, and for case numbers the kind) is locked for the rest of the caller's
transaction, so concurrent callers queue up, and a rolled-back caller gives its number back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from residents.models import ArchiveSequence


def year_counter_next(*, model: type[models.Model], year: int, **key: object) -> int:
    """The next number of the counter row of `model` for the year (and the rest of its key).

    `model` has the key fields, `year` and `last_number`, unique together.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("gapless numbers are taken inside the transaction that uses them")
    row = {**key, "year": year}
    # INSERT … ON CONFLICT DO NOTHING creates the row without a race between two first calls.
    model.objects.bulk_create([model(**row, last_number=0)], ignore_conflicts=True)
    with transaction.atomic():
        counter = model.objects.select_for_update().get(**row)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return counter.last_number


def format_archive_number(year: int, number: int) -> str:
    return f"{settings.ARCHIVE_NUMBER_PREFIX}-{year}-{number:06d}"


def archive_number_next() -> str:
    """The next archive number, taken inside the verifying transaction."""
    year = timezone.localdate().year
    return format_archive_number(year, year_counter_next(model=ArchiveSequence, year=year))
