"""The job queue (DAT-4): long and scheduled work as procrastinate tasks, queued in PostgreSQL.

Each subject keeps its tasks in its own `tasks.py` (residents/access/tasks.py, …), declared
with `task` or `periodic` below; each app's ready() imports them with `discover_tasks`. A
scheduled job is one decorator in the subject's tasks module:

    @periodic(cron="0 * * * *", label=_("Expire lapsed access grants"))
    def expire_access_grants(timestamp: int) -> None:
        grants_expire_lapsed()

The worker (`manage.py procrastinate worker`, started by `manage.py serve`) runs them. A task
is a thin call of a service; its arguments are kept in the queue table, so they are ids, never
personal data. Cron expressions are read in UTC (procrastinate's scheduler): 02:00 in Beijing
is "0 18 * * *".
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import traceback
from collections.abc import Callable

from django.apps import AppConfig
from django.db import transaction
from procrastinate import App, JobContext, exceptions
from procrastinate.contrib.django import app

from residents.access.masking import mask_id_number, mask_phone

# Task name → what the job page calls it (lazy translations).
TASK_LABELS: dict[str, object] = {}


def _name(func: Callable) -> str:
    return f"{func.__module__}.{func.__name__}"


def task(*, label, queue: str = "default", **options) -> Callable:
    """Declare a job the worker runs when it is deferred (`the_task.defer(pk=…)`)."""

    def decorate(func: Callable):
        TASK_LABELS[_name(func)] = label
        return app.task(name=_name(func), queue=queue, **options)(func)

    return decorate


def periodic(*, cron: str, label, queue: str = "default") -> Callable:
    """Declare a job the worker runs on a schedule (a cron expression, in UTC).

    The function takes the scheduled time as `timestamp`. A run still waiting in the queue is
    not queued a second time (queueing lock), so a stopped worker finds one run, not a pile.
    """

    def decorate(func: Callable):
        name = _name(func)
        TASK_LABELS[name] = label
        scheduled = app.task(name=name, queue=queue, queueing_lock=name)(func)
        return app.periodic(cron=cron)(scheduled)

    return decorate


def discover_tasks(app_config: AppConfig) -> None:
    """Import the `tasks` module of every subject package of the app, registering its tasks."""
    for module in pkgutil.iter_modules(app_config.module.__path__):
        name = f"{app_config.name}.{module.name}.tasks"
        if module.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def task_label(name: str) -> str:
    label = TASK_LABELS.get(name)
    return str(label) if label is not None else name


# --- why a job failed ------------------------------------------------------------------------

# procrastinate records that a job failed, not why; the worker's middleware below keeps the
# error for the job page. A message may quote a value (a database error's DETAIL line quotes the
# key that clashed): those lines are dropped and long numbers masked, as on every page.
_DETAIL_LINE = re.compile(r"^\s*DETAIL:.*$", re.MULTILINE)
_LONG_NUMBER = re.compile(r"\d{7,}[\dXx]?")
ERROR_MAX_LENGTH = 20_000


def masked_error_text(text: str) -> str:
    def mask(match: re.Match) -> str:
        number = match.group()
        return mask_id_number(number) if len(number) >= 15 else mask_phone(number)

    text = _DETAIL_LINE.sub("DETAIL: …", text)
    return _LONG_NUMBER.sub(mask, text)[-ERROR_MAX_LENGTH:]


def record_failure(call_next: Callable, context: JobContext, worker) -> object:
    """Worker middleware of every (synchronous) task: keep the error of a job that raises."""
    try:
        return call_next()
    except exceptions.JobAborted:
        raise
    except Exception as error:
        _keep_failure(context, error)
        raise


def _keep_failure(context: JobContext, error: Exception) -> None:
    from residents.models import JobFailure

    job = context.job
    summary = "".join(traceback.format_exception_only(error)).strip()
    with transaction.atomic():
        JobFailure.objects.create(
            job_id=job.id,
            task_name=job.task_name,
            error=masked_error_text(summary),
            traceback=masked_error_text("".join(traceback.format_exception(error))),
        )


def configure_app(procrastinate_app: App) -> None:
    """PROCRASTINATE_ON_APP_READY: the worker keeps the error of every failed job.

    Innermost, inside procrastinate's own middleware that manages the database connection
    around the task.
    """
    defaults = procrastinate_app.worker_defaults
    defaults["task_middleware"] = [*defaults.get("task_middleware", []), record_failure]
