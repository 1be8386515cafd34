"""Rows of jobs finished more than JOB_KEEP_DAYS ago are deleted by a nightly job, with the
errors kept for them; waiting jobs always stay, and a failed one stays until it is queued
again or as old as the others. Who queued a job again stays on record."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app

from residents import roles
from residents.jobs.services import job_retry, jobs_prune
from residents.models import Job, JobFailure, JobRetry
from tests.factories import make_user
from tests.residents.jobs.queue import empty_queue, make_failed_job


def _job(status_path: tuple[str, ...]) -> int:
    """A job moved through procrastinate's states (its triggers record each event)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, status, args) "
            "VALUES ('default', 'residents.tests.some_job', 'todo', '{}') RETURNING id"
        )
        job_id = cursor.fetchone()[0]
        for status in status_path:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id]
            )
    return job_id


@pytest.fixture
def queue():
    empty_queue()
    yield
    empty_queue()


def _in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_the_prune_is_a_nightly_periodic_task():
    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled["residents.jobs.tasks.prune_jobs"].cron == "30 19 * * *"


@pytest.mark.django_db
def test_finished_jobs_older_than_the_keep_days_are_deleted_and_the_others_kept(
    queue, settings
):
    settings.JOB_KEEP_DAYS = 30
    succeeded = _job(("doing", "succeeded"))
    waiting = _job(())
    running = _job(("doing",))
    failed = make_failed_job()
    retried = make_failed_job()
    JobFailure.objects.create(job_id=failed, task_name="x", error="boom", traceback="")
    admin = make_user(roles.SYSADMIN)
    job_retry(job_id=retried, actor=admin)

    # Within the keep days: nothing goes, a failed job neither.
    assert jobs_prune(now=_in_days(29)) == 0
    assert Job.objects.count() == 5

    assert jobs_prune(now=_in_days(31)) == 2
    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {waiting, running, retried}
    assert succeeded not in remaining and failed not in remaining
    assert not JobFailure.objects.filter(job_id=failed).exists()
    # The audited retry stays.
    assert JobRetry.objects.filter(job_id=retried, retried_by=admin).exists()
