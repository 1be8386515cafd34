"""Test helpers for the job queue: the real worker, and a failed job made directly."""

from __future__ import annotations

from django.db import connection
from procrastinate import App


def run_worker_until_idle(procrastinate_app: App) -> None:
    """procrastinate's worker as `manage.py procrastinate worker` runs it (its own PostgreSQL
    connections), until no job is left to run."""
    worker_connector = procrastinate_app.connector.get_worker_connector()
    with procrastinate_app.replace_connector(worker_connector):
        procrastinate_app.run_worker(
            wait=False, install_signal_handlers=False, listen_notify=False
        )


def make_failed_job(task_name: str = "residents.tests.failed_import") -> int:
    """A job in procrastinate's table that has failed (as if a worker had run it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, status, args) "
            "VALUES ('default', %s, 'todo', '{}') RETURNING id",
            [task_name],
        )
        job_id = cursor.fetchone()[0]
        # Through procrastinate's own states, so its triggers record the events.
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job_id])
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [job_id])
    return job_id


def empty_queue() -> None:
    """procrastinate's tables are not Django's: a test database flush leaves them as they are."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_periodic_defers")
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")
