"""Queuing a failed background job again (DAT-4), by a system administrator, audited; and
deleting the rows of jobs finished long ago."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import Job, JobFailure, JobRetry, JobStatus

VIEW_PERMISSION = "residents.view_job"
RETRY_PERMISSION = "residents.retry_job"


def job_retry(*, job_id: int, actor: User) -> JobRetry:
    """Queue a failed job again, to run as soon as a worker is free.

    The job row is locked and must still be failed, so a second click (or a second
    administrator at the same time) queues nothing more.
    """
    require_perm(actor, RETRY_PERMISSION)
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            raise ActionRefused(_("This job no longer exists."))
        if job.status != JobStatus.FAILED:
            raise ActionRefused(
                _("Only a failed job can be queued again; this one is now: %(status)s.")
                % {"status": JobStatus(job.status).label}
            )
        # procrastinate's own retry, on the same connection and in this transaction.
        app.job_manager.retry_job_by_id(job_id=job.pk, retry_at=timezone.now())
        return JobRetry.objects.create(job_id=job.pk, task_name=job.task_name, retried_by=actor)


def keep_days() -> int:
    return getattr(settings, "JOB_KEEP_DAYS", 30)


# Final states. A failed job stays until it is queued again (it is then waiting, not failed)
# or until it is as old as the others: the job page shows it, with its error, for a retry.
_PRUNED_STATUSES = ("succeeded", "cancelled", "aborted", "failed")


def jobs_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete jobs whose last event (finished, failed, cancelled) is older than JOB_KEEP_DAYS,
    with their events and kept errors. Waiting and running jobs are never deleted; the record
    of who queued a job again stays (it is an audited action). Returns how many jobs went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep_days())
    statuses = ", ".join(f"'{status}'" for status in _PRUNED_STATUSES)
    with transaction.atomic(), connection.cursor() as cursor:
        # procrastinate's own tables (its events go with their job: ON DELETE CASCADE).
        cursor.execute(
            f"""
            DELETE FROM procrastinate_jobs AS job
            WHERE job.status IN ({statuses})
              AND (SELECT max(event.at) FROM procrastinate_events AS event
                   WHERE event.job_id = job.id) < %s
              -- The scheduler's note of a periodic task's latest run points at its job.
              AND NOT EXISTS (SELECT 1 FROM procrastinate_periodic_defers AS defer
                              WHERE defer.job_id = job.id)
            RETURNING job.id
            """,
            [cutoff],
        )
        deleted = [row[0] for row in cursor.fetchall()]
        JobFailure.objects.filter(job_id__in=deleted).delete()
    return len(deleted)
