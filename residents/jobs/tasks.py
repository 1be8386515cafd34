"""Background task of the job queue itself (DAT-4): old finished jobs are deleted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.common.jobs import periodic
from residents.jobs.services import jobs_prune


# 03:30 in Beijing (cron is read in UTC).
@periodic(cron="30 19 * * *", label=_("Delete old finished jobs"))
def prune_jobs(timestamp: int) -> None:
    jobs_prune()
