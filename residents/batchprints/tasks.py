"""Background task of batch prints (DAT-3, DAT-4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.batchprints.services import batch_print_pdfs_prune, batch_print_run
from residents.common.jobs import periodic, task


@task(label=_("Batch print of confirmation slips"))
def print_slip_batch(batch_id: int) -> None:
    batch_print_run(batch_id=batch_id)


@periodic(cron="20 * * * *", label=_("Delete old batch print PDFs"))
def prune_batch_print_pdfs(timestamp: int) -> None:
    batch_print_pdfs_prune()
