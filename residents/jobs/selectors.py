"""Reads of the job queue for the job page: procrastinate's jobs with the times of their events,
the error the worker kept for a failed job, and who queued it again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateWorker

from residents.common.jobs import task_label
from residents.models import Job, JobFailure, JobRetry, JobStatus

_FINISHED = ("succeeded", "failed", "cancelled", "aborted")
# procrastinate's default: a worker silent for longer is taken for dead.
WORKER_STALLED_AFTER = datetime.timedelta(seconds=30)


def jobs(*, status: str = "") -> QuerySet[Job]:
    """Newest first, each with when it was queued, last started and last finished, and how many
    times it started."""
    event = "procrastinateevent"
    queryset = Job.objects.annotate(
        queued_at=Min(f"{event}__at", filter=Q(**{f"{event}__type": "deferred"})),
        started_at=Max(f"{event}__at", filter=Q(**{f"{event}__type": "started"})),
        finished_at=Max(f"{event}__at", filter=Q(**{f"{event}__type__in": _FINISHED})),
        runs=Count(f"{event}__pk", filter=Q(**{f"{event}__type": "started"})),
    )
    if status in JobStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-pk")


@dataclass(frozen=True)
class JobRow:
    job: Job
    label: str
    status_label: str
    failure: JobFailure | None
    last_retry: JobRetry | None
    may_retry: bool


def job_rows(page: Iterable[Job], *, may_retry: bool) -> list[JobRow]:
    """One row per job of a page; two queries for the page's errors and retries."""
    page = list(page)
    ids = [job.pk for job in page]
    failures = {
        failure.job_id: failure
        for failure in JobFailure.objects.filter(job_id__in=ids)
        .order_by("job_id", "-failed_at", "-pk")
        .distinct("job_id")
    }
    retries = {
        retry.job_id: retry
        for retry in JobRetry.objects.filter(job_id__in=ids)
        .select_related("retried_by")
        .order_by("job_id", "-retried_at", "-pk")
        .distinct("job_id")
    }
    labels = dict(JobStatus.choices)
    return [
        JobRow(
            job=job,
            label=task_label(job.task_name),
            status_label=str(labels.get(job.status, job.status)),
            # The error of the run that failed last; an earlier failure a retry cleared stays
            # in the table but is not this job's state.
            failure=failures.get(job.pk) if job.status == JobStatus.FAILED else None,
            last_retry=retries.get(job.pk),
            may_retry=may_retry and job.status == JobStatus.FAILED,
        )
        for job in page
    ]


def last_worker_heartbeat() -> datetime.datetime | None:
    """When a live worker last reported, or None when no worker runs."""
    alive = ProcrastinateWorker.objects.filter(
        last_heartbeat__gte=timezone.now() - WORKER_STALLED_AFTER
    )
    return alive.aggregate(last=Max("last_heartbeat"))["last"]
