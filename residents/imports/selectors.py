"""Reads of imports: a batch and its rows are its uploader's alone."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from residents.models import ImportBatch, ImportRow


def batches_of(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(started_by=user).defer("data", "columns")


def batch_for_user(user, pk: int) -> ImportBatch:
    """The user's own import, or 404 (somebody else's import is not theirs to see)."""
    batch = batches_of(user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_rows(batch: ImportBatch, outcome: str = "") -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(batch=batch).order_by("line")
    return rows.filter(outcome=outcome) if outcome else rows
