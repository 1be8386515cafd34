"""Batch prints of registration confirmation slips (DAT-3).

A batch is asked for on the resident list and printed by a job: each resident's slip is
recorded by the single print's own service (`slip_record`: a Slip row with its own
verification code and field groups, verified residents only), and all slips are laid out as
one PDF. The requester alone downloads it, within BATCH_PRINT_KEEP_HOURS: then the PDF is
deleted (`batch_print_pdfs_prune`); the batch and its slip records stay.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import BatchPrint, BatchPrintStatus
from residents.people.pdf import render_registration_slips
from residents.people.selectors import residents_visible_to
from residents.people.services import slip_record

PERMISSION = "residents.add_slip"
# A second submit of the same selection within this time (or while the first still runs)
# is the same request: it finds the first batch instead of printing again.
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=60)
# Progress is written every this many residents.
PROGRESS_STEP = 10


def batch_print_request(
    *, actor: User, resident_ids: list[int], remote_addr: str | None = None
) -> BatchPrint:
    """Queue a batch print of these residents' slips; the residents the actor may not see are
    left out. The same selection asked twice in a row makes one batch."""
    require_perm(actor, PERMISSION)
    wanted = list(dict.fromkeys(resident_ids))
    limit = settings.BATCH_PRINT_MAX_RESIDENTS
    if len(wanted) > limit:
        raise ActionRefused(
            _("A batch print takes at most %(limit)s residents; %(count)s are selected. "
              "Narrow the filter or select fewer residents.")
            % {"limit": limit, "count": len(wanted)}
        )
    visible = set(residents_visible_to(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    ids = [pk for pk in wanted if pk in visible]
    if not ids:
        raise ActionRefused(_("Select at least one resident to print."))
    with transaction.atomic():
        # One batch request of a user at a time: a double submit waits here, then finds the
        # batch the first one made.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        earlier = (
            BatchPrint.objects.filter(requested_by=actor, resident_ids=ids)
            .filter(
                Q(status__in=[BatchPrintStatus.QUEUED, BatchPrintStatus.RUNNING])
                | Q(requested_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW)
            )
            .first()
        )
        if earlier is not None:
            return earlier
        batch = BatchPrint.objects.create(
            requested_by=actor, resident_ids=ids, remote_addr=remote_addr
        )
        # Imported here: the tasks module imports this one.
        from residents.batchprints.tasks import print_slip_batch

        print_slip_batch.defer(batch_id=batch.pk)
    return batch


def _report_progress(progress_connection, batch_id: int, done: int) -> None:
    # On a connection of its own: the slips are recorded in one transaction, which the page
    # showing the progress cannot see into until it commits.
    with progress_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {BatchPrint._meta.db_table} SET done = %s WHERE id = %s", [done, batch_id]
        )


def batch_print_run(*, batch_id: int) -> BatchPrint:
    """Print the batch (the job's work): a slip per verified resident, then one PDF.

    Runs once: a batch that is no longer queued is left as it is. The slips and the PDF are
    one transaction, so a batch that fails records no slip (as a single print that fails).
    """
    with transaction.atomic():
        batch = BatchPrint.objects.select_for_update().get(pk=batch_id)
        if batch.status != BatchPrintStatus.QUEUED:
            return batch
        batch.status = BatchPrintStatus.RUNNING
        batch.save(update_fields=["status"])
    actor = batch.requested_by
    progress_connection = connections.create_connection("default")
    try:
        with acting_as(actor, batch.remote_addr), transaction.atomic():
            printed, skipped = [], []
            residents = residents_visible_to(actor).in_bulk(batch.resident_ids)
            for number, pk in enumerate(batch.resident_ids, start=1):
                resident = residents.get(pk)
                if resident is None:
                    skipped.append(
                        {"resident": pk, "reason": _("You may no longer see this resident.")}
                    )
                else:
                    try:
                        slip, rows = slip_record(
                            resident=resident, actor=actor, policy=policy_for(actor, resident)
                        )
                    except ActionRefused as refusal:
                        skipped.append({"resident": pk, "reason": str(refusal.message)})
                    else:
                        printed.append((resident, slip, rows))
                if number % PROGRESS_STEP == 0:
                    _report_progress(progress_connection, batch.pk, number)
            batch.pdf = render_registration_slips(printed=printed) if printed else None
            batch.slip_ids = [slip.pk for _resident, slip, _rows in printed]
            batch.skipped = skipped
            batch.done = batch.total
            batch.status = BatchPrintStatus.DONE
            batch.finished_at = timezone.now()
            batch.save(
                update_fields=["pdf", "slip_ids", "skipped", "done", "status", "finished_at"]
            )
    except Exception:
        BatchPrint.objects.filter(pk=batch.pk).update(
            status=BatchPrintStatus.FAILED, finished_at=timezone.now()
        )
        raise
    finally:
        progress_connection.close()
    return batch


def keep_hours() -> int:
    return getattr(settings, "BATCH_PRINT_KEEP_HOURS", 24)


def batch_print_pdfs_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the PDFs of batches finished more than BATCH_PRINT_KEEP_HOURS ago (a PDF of
    hundreds of slips is personal data with no further use once printed). The batch, its
    progress and its slip records stay. Returns how many PDFs were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=keep_hours())
    return BatchPrint.objects.filter(pdf__isnull=False, finished_at__lt=cutoff).update(pdf=None)
