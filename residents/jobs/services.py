"""Queuing a failed background job again (DAT-4), by a system administrator, audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import Job, JobRetry, JobStatus

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
