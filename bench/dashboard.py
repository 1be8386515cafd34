"""The manager's dashboard at many residents and cases: the whole page, p50/p95.

Run: `.venv/bin/python bench/dashboard.py [--residents N] [--cases N] [--runs N]`. The script
uses its own database, `jumin_bench_dashboard` on the embedded server (never the development
database), fills it up to the numbers asked for (the first time only; later runs reuse the
rows), then times the real dashboard view through Django's test client as a signed-in manager:

- "stored": the figures as the refresh job (every five minutes) leaves them — the page reads
  them in one query and draws the charts; what a manager normally gets;
- "counted": every panel counted afresh on each request (DASHBOARD_MAX_AGE_SECONDS=0), the
  page's worst case right after a figure has aged out;
- the refresh job itself (all panels, running and previous month, quarter and year) and each
  panel's counting time for the running month.

Residents come from `bench.fill.fill` (COPY-based, shared by the benchmarks). Cases, register
entries, visits, emergencies and return visits are written here with COPY. See
docs/benchmarks.md, "Dashboard".
"""

from __future__ import annotations

import argparse
import datetime
import io
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DATABASE = "jumin_bench_dashboard"
MANAGER = "bench_manager"
SEED = 20261130
WARM_UP = 3
TARGET_P95_MS = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per mode")
    parser.add_argument("--counted-runs", type=int, default=5,
                        help="timed requests with every panel counted afresh")
    return parser.parse_args()


def setup_django() -> None:
    from config.embedded_db import database_urls

    app_url, owner_url = database_urls(BENCH_DATABASE)
    os.environ["DATABASE_URL"] = app_url
    os.environ["DATABASE_OWNER_URL"] = owner_url
    os.environ.setdefault("DEMO_MODE", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# --- filling -------------------------------------------------------------------------------


def manager():
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from residents import roles

    user, created = User.objects.get_or_create(username=MANAGER)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.MANAGER))
    TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    return user


def fill_residents(target: int) -> str:
    from bench.fill import fill
    from residents.models import Resident

    have = Resident.objects.count()
    if have >= target:
        return f"{have:,} residents already there"
    started = time.perf_counter()
    fill(residents=target - have, audit_entries=0)
    return (f"{target - have:,} residents added by bench.fill (COPY) in "
            f"{time.perf_counter() - started:.0f} s")


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.read())


def fill_cases(target: int, actor) -> str:
    """Cases of the four kinds over the last two years, three in four finished (most on time),
    with return visits, escalations, register entries, key-person visits and emergencies."""
    from django.db import connection
    from django.utils import timezone

    from casework.models import Case

    have = Case.objects.count()
    if have >= target:
        return f"{have:,} cases already there"
    rng = random.Random(SEED + have)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM residents_resident")
        low, high = cursor.fetchone()
    now = timezone.now()
    kinds = ["change", "query", "affair", "complaint"]
    rows, visits, steps = [], [], []
    # Keys taken from the table's own sequence, so that later inserts do not collide.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('casework_case', 'id')) "
            "FROM generate_series(1, %s)", [target - have],
        )
        ids = iter(row[0] for row in cursor.fetchall())
    for n in range(have, target):
        kind = kinds[n % 4]
        opened = now - datetime.timedelta(minutes=rng.randrange(730 * 24 * 60))
        limit = (5, 3, 10, 15)[n % 4]
        due = (opened + datetime.timedelta(days=limit * 7 // 5)).date()
        finished = rng.random() < 0.75 and opened < now - datetime.timedelta(days=1)
        closed = (
            min(opened + datetime.timedelta(days=rng.randrange(1, limit * 2)), now)
            if finished else None
        )
        status = "closed" if finished else ("investigating" if kind == "complaint" else "opened")
        mark = "【建议】" if rng.random() < 0.3 else "【投诉】"
        subject = mark + "环境" if kind == "complaint" else "事项"
        case_id = next(ids)
        rows.append((
            case_id, f"B{n:011d}", kind, rng.randint(low, high) if kind != "complaint" else None,
            "", "", subject, "", rng.choice(["window", "hotline", "online"]), status, actor.pk,
            opened.isoformat(), limit, due.isoformat(),
            closed.isoformat() if closed else None, "f", "", "f", "", "", "", "", "", None,
        ))
        if finished and rng.random() < 0.4:
            visits.append((case_id, rng.randint(1, 5), "", actor.pk, closed.isoformat()))
        if kind == "complaint" and rng.random() < 0.1:
            steps.append((case_id, "escalate", "investigating", "investigating", "", actor.pk,
                          (opened + datetime.timedelta(days=1)).isoformat()))
    _copy("casework_case", [
        "id", "number", "kind", "resident_id", "applicant_name", "applicant_contact", "subject",
        "details", "channel", "status", "opened_by_id", "opened_at", "time_limit_days",
        "due_on", "closed_at", "needs_second_review", "identity_document",
        "include_access_report", "feedback_channel", "feedback_text", "escalated_to",
        "public_summary", "public_result", "published_at",
    ], rows)
    _copy("casework_returnvisit",
          ["case_id", "satisfaction", "comment", "visited_by_id", "visited_at"], visits)
    _copy("casework_casestep", ["case_id", "action", "from_status", "to_status",
                                "decision_reason", "actor_id", "acted_at"], steps)
    _fill_registers(rng, low, high, actor, now)
    return (f"{target - have:,} cases (+{len(visits):,} return visits, {len(steps):,} "
            f"escalations) added by COPY in {time.perf_counter() - started:.0f} s")


def _fill_registers(rng, low, high, actor, now) -> None:
    from residents.models import HardshipEntry, KeyPersonEntry

    if HardshipEntry.objects.exists():
        return
    today = now.date()
    people = rng.sample(range(low, high + 1), k=min(6000, high - low + 1))
    hardship = [
        (pid, rng.choice(["dibao", "tekun", "disability"]),
         (today - datetime.timedelta(days=rng.randrange(900))).isoformat(), None,
         (today + datetime.timedelta(days=rng.randrange(300))).isoformat(), "", "", "",
         actor.pk, now.isoformat())
        for pid in people[:4000]
    ]
    # Disability entries need a category and level (the register's check constraint).
    hardship = [
        row[:6] + (("physical", "2") if row[1] == "disability" else ("", "")) + row[8:]
        for row in hardship
    ]
    _copy("residents_hardshipentry", [
        "resident_id", "kind", "start_date", "end_date", "review_date", "note",
        "disability_category", "disability_level", "recorded_by_id", "recorded_at",
    ], hardship)
    key = [
        (pid, rng.choice(["correction", "released", "drug"]),
         (today - datetime.timedelta(days=rng.randrange(700))).isoformat(), None,
         (today + datetime.timedelta(days=200)).isoformat(), "", actor.pk, now.isoformat())
        for pid in people[4000:5000]
    ]
    _copy("residents_keypersonentry", [
        "resident_id", "category", "start_date", "end_date", "review_date", "note",
        "recorded_by_id", "recorded_at",
    ], key)
    entries = list(KeyPersonEntry.objects.values_list("pk", flat=True))
    _copy("residents_keypersonvisit",
          ["entry_id", "visited_on", "visited_by_id", "summary", "recorded_at"],
          [(rng.choice(entries), (today - datetime.timedelta(days=rng.randrange(700))).isoformat(),
            actor.pk, "走访", now.isoformat()) for _ in range(20_000)])
    _copy("residents_emergency", [
        "resident_id", "kind", "occurred_on", "description", "help_given", "closed_on",
        "closing_note", "recorded_by_id", "recorded_at",
    ], [
        (pid, rng.choice(["disaster", "accident", "illness", "other"]),
         (today - datetime.timedelta(days=rng.randrange(700))).isoformat(), "事件", "",
         None if rng.random() < 0.2 else today.isoformat(), "", actor.pk, now.isoformat())
        for pid in people[5000:6000]
    ])


# --- timing --------------------------------------------------------------------------------


def time_page(client, url: str, runs: int) -> list[float]:
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def summary(samples: list[float]) -> str:
    return (f"p50 {statistics.median(samples):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms, "
            f"max {max(samples):.0f} ms ({len(samples)} requests)")


def main() -> None:
    args = parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from residents.dashboards.figures import refresh_running_periods
    from residents.dashboards.periods import Period
    from residents.dashboards.registry import panels
    from residents.models import DashboardFigure

    user = manager()
    print(fill_residents(args.residents))
    print(fill_cases(args.cases, user))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT COUNT(*) FROM residents_resident")
        residents = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM casework_case")
        cases = cursor.fetchone()[0]
    print(f"Database: {residents:,} residents, {cases:,} cases. Machine: {os.cpu_count()} cores, "
          f"{platform.platform()}, load {os.getloadavg()[0]:.1f}")

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    url = reverse("residents:dashboard")

    month = Period.containing("month", timezone.localdate())
    print("Counting each panel for the running month (one query each):")
    for panel in panels():
        started = time.perf_counter()
        panel.count(month)
        print(f"  {panel.key:20} {(time.perf_counter() - started) * 1000:7.0f} ms")

    DashboardFigure.objects.all().delete()
    started = time.perf_counter()
    counted = refresh_running_periods()
    print(f"Refresh job, nothing stored: {counted} figures in "
          f"{time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    counted = refresh_running_periods()
    print(f"Refresh job, next run (running periods only): {counted} figures in "
          f"{time.perf_counter() - started:.1f} s")
    settings.DASHBOARD_MAX_AGE_SECONDS = 3600
    for period in ("month", "quarter", "year"):
        stored = time_page(client, f"{url}?period={period}", args.runs)
        print(f"Dashboard, stored figures, {period:7}: {summary(stored)}"
              f" — target p95 ≤ {TARGET_P95_MS} ms: "
              f"{'met' if percentile(stored, 0.95) <= TARGET_P95_MS else 'MISSED'}")
    settings.DASHBOARD_MAX_AGE_SECONDS = 0
    counted_samples = time_page(client, f"{url}?period=month", args.counted_runs)
    print(f"Dashboard, every panel counted afresh, month: {summary(counted_samples)}")


if __name__ == "__main__":
    main()
