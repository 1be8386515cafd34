"""DAT-4: scheduled work runs on the job queue in PostgreSQL, through procrastinate's real worker,
and the system administrator's job page shows it and queues a failed job again once."""

from __future__ import annotations

import asyncio
import datetime
import sys
import threading
import time

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import DjangoApp, app
from procrastinate.periodic import PeriodicDeferrer

from config.settings import BASE_DIR
from residents import roles
from residents.access import services as grants
from residents.common.errors import ActionRefused
from residents.common.jobs import configure_app, masked_error_text
from residents.jobs import services as jobs
from residents.models import (
    AccessGrant,
    GrantScope,
    GrantStatus,
    Job,
    JobRetry,
    ResidentUserObjectPermission,
)
from tests.factories import make_resident, make_user
from tests.residents.jobs.queue import empty_queue, make_failed_job, run_worker_until_idle

LIST_URL = reverse("jobs:list")
EXPIRY_TASK = "residents.access.tasks.expire_access_grants"
ID_NUMBER = "110101199003071234"

# A task of its own app, so that no test task is left on the application's: configured like it.
failing_app = DjangoApp(connector=app.connector)
configure_app(failing_app)


@failing_app.task(name="tests.jobs.import_batch")
def import_batch(batch: int) -> None:
    raise ValueError(f"第 {batch} 批：身份证号 {ID_NUMBER} 重复")


@pytest.fixture
def queue(monkeypatch):
    """An empty queue; tasks close their database connections when done (the worker's threads
    end with the test, and the test database is dropped at the end of the run)."""
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    empty_queue()
    yield
    empty_queue()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def job(job_id: int) -> Job:
    return Job.objects.get(pk=job_id)


def events(job_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type FROM procrastinate_events WHERE job_id = %s ORDER BY id", [job_id]
        )
        return [row[0] for row in cursor.fetchall()]


def row_of(page: str, job_id: int) -> str:
    return page.split(f'id="job-{job_id}"', 1)[1].split("</tr>", 1)[0]


# --- scheduled work through the real worker ----------------------------------------------------


def test_grant_expiry_is_an_hourly_periodic_task():
    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled[EXPIRY_TASK].cron == "0 * * * *"


def test_every_subjects_tasks_module_is_registered_at_start_up():
    modules = {
        ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
        for app_dir in ("residents", "casework", "reporters", "archives")
        for path in (BASE_DIR / app_dir).glob("*/tasks.py")
    }
    assert "residents.access.tasks" in modules
    assert modules <= set(sys.modules), modules - set(sys.modules)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_hourly_run_of_the_worker_expires_a_lapsed_grant(queue):
    requester, approver = make_user(roles.OTHER_STAFF), make_user(roles.MANAGER)
    approver.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
    grant = grants.grant_request(
        requester=requester, resident=make_resident(), purpose="核实低保申请材料",
        scope=GrantScope.SERVICE,
    )
    grant = grants.grant_approve(
        grant=grant, approver=approver, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    past = timezone.now() - datetime.timedelta(minutes=5)
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=past)
    ResidentUserObjectPermission.objects.filter(grant=grant).update(expires_at=past)

    # The scheduler's own step: the hour's run of the periodic task goes into the queue...
    deferrer = PeriodicDeferrer(registry=app.periodic_registry, max_delay=2 * 60 * 60)
    due = [
        (periodic, timestamp)
        for periodic, timestamp in deferrer.get_previous_tasks(at=time.time())
        if periodic.task.name == EXPIRY_TASK
    ]
    assert len(due) == 1

    async def schedule():
        async with app.open_async():
            await deferrer.defer_jobs(due)

    with app.replace_connector(app.connector.get_worker_connector()):
        asyncio.run(schedule())
    # ...and the worker runs it.
    run_worker_until_idle(app)

    grant.refresh_from_db()
    assert grant.status == GrantStatus.EXPIRED
    assert not ResidentUserObjectPermission.objects.filter(grant=grant).exists()
    run = Job.objects.get(task_name=EXPIRY_TASK)
    assert run.status == "succeeded"
    assert run.args == {"timestamp": due[0][1]}

    page = client_for(make_user(roles.SYSADMIN)).get(LIST_URL).content.decode()
    row = row_of(page, run.pk)
    assert "使到期的特批查阅授权失效" in row
    assert "已完成" in row


# --- a failed job on the job page, and queued again --------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_job_shows_its_error_and_is_queued_again_once(queue):
    admin = make_user(roles.SYSADMIN)
    client = client_for(admin)
    job_id = import_batch.defer(batch=7)
    run_worker_until_idle(failing_app)
    assert job(job_id).status == "failed"

    page = client.get(LIST_URL, {"status": "failed"}).content.decode()
    row = row_of(page, job_id)
    assert "失败" in row
    assert "ValueError: 第 7 批：身份证号 110101************ 重复" in row
    assert "raise ValueError" in row  # the traceback
    assert ID_NUMBER not in page
    assert "重新排队" in row

    response = client.post(reverse("jobs:retry", args=[job_id]), {"next": LIST_URL})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert job(job_id).status == "todo"
    retry = JobRetry.objects.get(job_id=job_id)
    assert retry.retried_by == admin
    logged = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(JobRetry), object_pk=str(retry.pk)
    )
    assert logged.action == LogEntry.Action.CREATE
    assert logged.actor == admin
    trail = client_for(make_user(roles.AUDITOR)).get(reverse("audit:trail")).content.decode()
    assert f"任务重新排队记录 #{retry.pk}" in trail

    # A second click queues nothing more, and says why.
    response = client.post(reverse("jobs:retry", args=[job_id]), follow=True)
    assert "只有失败的任务才能重新排队" in response.content.decode()
    assert JobRetry.objects.filter(job_id=job_id).count() == 1
    assert events(job_id).count("retried") == 1

    run_worker_until_idle(failing_app)
    assert job(job_id).status == "failed"
    row = row_of(client.get(LIST_URL).content.decode(), job_id)
    assert f"由 {admin.username} 重新排队" in row
    assert "<td>2</td>" in row  # two runs


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_administrators_retrying_at_once_queue_the_job_once(queue):
    job_id = make_failed_job()
    admins = [make_user(roles.SYSADMIN), make_user(roles.SYSADMIN)]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def retry(admin):
        try:
            barrier.wait(timeout=10)
            jobs.job_retry(job_id=job_id, actor=admin)
            outcome: object = "queued"
        except ActionRefused:
            outcome = "refused"
        except Exception as exc:  # surfaced by the assertion below
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=retry, args=(admin,)) for admin in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(map(str, outcomes)) == ["queued", "refused"], outcomes
    assert JobRetry.objects.filter(job_id=job_id).count() == 1
    assert events(job_id).count("retried") == 1


# --- who may see it ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.MANAGER, roles.AUDITOR, roles.SECURITY_ADMIN])
def test_only_the_system_administrator_sees_jobs_or_queues_them_again(role):
    job_id = make_failed_job()
    client = client_for(make_user(role))
    assert client.get(LIST_URL).status_code == 403
    assert client.post(reverse("jobs:retry", args=[job_id])).status_code == 403
    assert job(job_id).status == "failed"
    assert reverse("jobs:list") not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_system_administrator_finds_the_job_page_in_the_menu():
    page = client_for(make_user(roles.SYSADMIN)).get(reverse("home")).content.decode()
    assert f'href="{LIST_URL}"' in page
    assert "后台任务" in page


@pytest.mark.django_db
def test_the_job_page_filters_by_status_and_says_when_no_worker_runs():
    failed = make_failed_job()
    client = client_for(make_user(roles.SYSADMIN))
    assert f'id="job-{failed}"' in client.get(LIST_URL, {"status": "failed"}).content.decode()
    page = client.get(LIST_URL, {"status": "succeeded"}).content.decode()
    assert f'id="job-{failed}"' not in page
    assert "没有正在运行的后台任务进程" in page


def test_database_details_and_long_numbers_never_reach_the_page():
    error = (
        'duplicate key value violates unique constraint "resident_id_number"\n'
        f"DETAIL:  Key (id_number)=({ID_NUMBER}) already exists.\n"
        '  File "/app/residents/people/services.py", line 1204, in registration_create\n'
        "phone 13812345678"
    )
    text = masked_error_text(error)
    assert ID_NUMBER not in text
    assert "13812345678" not in text
    assert "138****5678" in text
    assert "line 1204" in text
    assert "already exists" not in text

