"""Reads of batch prints: a batch is its requester's alone."""

from __future__ import annotations

from django.http import Http404

from residents.models import BatchPrint
from residents.people.selectors import residents_in_order


def batch_for_user(user, pk: int) -> BatchPrint:
    """The user's own batch, or 404 (somebody else's batch is not theirs to see)."""
    batch = BatchPrint.objects.filter(pk=pk, requested_by=user).defer("pdf").first()
    if batch is None:
        raise Http404
    return batch


def has_pdf(batch: BatchPrint) -> bool:
    """Whether the batch's PDF is still kept (it is deleted BATCH_PRINT_KEEP_HOURS after)."""
    return BatchPrint.objects.filter(pk=batch.pk, pdf__isnull=False).exists()


def skipped_rows(user, batch: BatchPrint) -> list[dict]:
    """Each skipped resident the user still sees, with the reason it got no slip."""
    reasons = {entry["resident"]: entry["reason"] for entry in batch.skipped}
    return [
        {"resident": resident, "reason": reasons[resident.pk]}
        for resident in residents_in_order(user, list(reasons))
    ]
