"""Resident pages at scale: 1,000,000 residents and 10,000,000 audit entries.

Run: `DEMO_MODE=true python3 -m uv run --frozen python bench/scale.py [--runs N]`.

Uses its own database, `jumin_scale` on the embedded server (never the development database),
fills it with bench.fill.fill when it has fewer residents than --residents (about 20–30 min
on 2 shared cores), then times, through the real views, middleware, session and templates
(Django's test Client, no HTTP server), with read logging on as in production:

- the resident list, first page and a deep page (a random page of the second half);
- search by full name, by a 2-character fragment, by full ID number, by archive number;
- the resident detail page;
- the audit trail filtered by one resident.

List, search and detail pages as a front-desk user; the trail as an auditor. Five warm-up
requests per page, then --runs timed ones; p50 and p95 (nearest rank). Target: p95 ≤ 50 ms.
See docs/benchmarks.md, "Scale".
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fill import bench_database_urls, fill  # noqa: E402

DATABASE = "jumin_scale"
SEED = 20261130
WARM_UP = 5
LIST_PAGE_SIZE = 50  # residents.people.views.LIST_PAGE_SIZE
TARGET_P95_MS = 50
FRAGMENTS = ("王秀", "李建", "张丽", "刘子", "陈晓", "建国", "秀英", "欧阳")
FRONT_DESK_USER = "bench_frontdesk"
AUDITOR_USER = "bench_auditor"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--audit-entries", type=int, default=10_000_000)
    parser.add_argument("--database", default=DATABASE, help="database on the embedded server")
    return parser.parse_args()


def setup_django(database: str) -> None:
    if os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL is set: this benchmark fills its own database; unset it.")
    url, owner = bench_database_urls(database)
    os.environ["DATABASE_URL"] = url
    os.environ["DATABASE_OWNER_URL"] = owner
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # As pages.py: production settings, without the test environment's template hooks.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def machine_speed_ns() -> float:
    """A fixed bit of pure Python, best of five, in ns: the same code on this shared machine
    runs up to twice as slowly at some hours as at others, and the figures of a run scale with
    it. Printed beside them so that runs can be compared."""
    import timeit

    return min(timeit.repeat("sum((1, 2, 3))", number=1_000_000, repeat=5)) * 1000


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def signed_in(client, user) -> None:
    """A whole sign-in, the second factor included, as a signed-in session is in production."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def auditor():
    from django.contrib.auth.models import Group, User

    from residents import roles

    user, created = User.objects.get_or_create(
        username=AUDITOR_USER, defaults={"last_name": "审", "first_name": "计"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.AUDITOR))
    return user


class Sample:
    def __init__(self) -> None:
        self.ms: list[float] = []
        self.sql_ms: list[float] = []
        self.queries: list[int] = []
        self.cpu_ms: list[float] = []


class SqlTimer:
    def __init__(self) -> None:
        self.ms = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000
            self.count += 1


def timed_get(client, url: str, sample: Sample | None) -> None:
    from django.db import connection

    sql = SqlTimer()
    with connection.execute_wrapper(sql):
        cpu = resource.getrusage(resource.RUSAGE_THREAD)
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_THREAD)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    if sample is not None:
        sample.ms.append(elapsed)
        sample.sql_ms.append(sql.ms)
        sample.queries.append(sql.count)
        # This process's CPU (views, templates, middleware, the driver), not the server's:
        # what other work on the machine inflates least.
        sample.cpu_ms.append(
            (after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime) * 1000
        )


def main() -> None:
    args = parse_args()
    setup_django(args.database)

    from auditlog.models import LogEntry
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from residents.models import RegistrationStatus, Resident

    have = Resident.objects.count()
    fill_report = None
    if have < args.residents:
        fill_report = fill(
            residents=args.residents - have,
            audit_entries=max(args.audit_entries - LogEntry.objects.count(), 0),
        )
    total = Resident.objects.count()
    entries = LogEntry.objects.count()
    rng = random.Random(SEED)
    # A sample of residents to ask for, drawn by key (no ORDER BY random() over a million rows).
    last_pk = Resident.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = list(
        Resident.objects.filter(pk__in=[rng.randint(1, last_pk) for _ in range(3000)])
        .values_list("pk", "name", "id_number", "archive_number", "status")
    )
    verified = [row for row in sample if row[4] == RegistrationStatus.VERIFIED]
    pages_count = math.ceil(total / LIST_PAGE_SIZE)
    list_url = reverse("residents:list")
    trail_url = reverse("audit:trail")

    def q(value: str) -> str:
        return f"{list_url}?{urlencode({'q': value})}"

    pages: dict[str, tuple[str, Callable[[], str], str]] = {
        "list_first": ("list, first page", lambda: list_url, "front"),
        "list_deep": (
            f"list, a random page of the second half (of {pages_count:,})",
            lambda: f"{list_url}?page={rng.randint(pages_count // 2, pages_count)}",
            "front",
        ),
        "search_name": ("search by full name", lambda: q(rng.choice(sample)[1]), "front"),
        "search_fragment": (
            "search by a 2-character fragment (" + "、".join(FRAGMENTS) + ")",
            lambda: q(rng.choice(FRAGMENTS)),
            "front",
        ),
        "search_id": ("search by full ID number", lambda: q(rng.choice(sample)[2]), "front"),
        "search_archive": (
            "search by archive number", lambda: q(rng.choice(verified)[3]), "front"
        ),
        "detail": (
            "resident detail page",
            lambda: reverse("residents:detail", args=[rng.choice(sample)[0]]),
            "front",
        ),
        "trail": (
            "audit trail filtered by resident",
            lambda: f"{trail_url}?{urlencode({'resident': rng.choice(verified)[3]})}",
            "auditor",
        ),
    }
    from bench.fill import staff_users

    clients = {"front": Client(), "auditor": Client()}
    signed_in(clients["front"], staff_users()[0])
    signed_in(clients["auditor"], auditor())

    results = {key: Sample() for key in pages}
    started = time.monotonic()
    for _title, next_url, who in pages.values():
        for _ in range(WARM_UP):
            timed_get(clients[who], next_url(), None)
    # Round robin, so that drift and other work on the machine hit every page alike.
    for _ in range(args.runs):
        for key, (_title, next_url, who) in pages.items():
            timed_get(clients[who], next_url(), results[key])
    seconds = time.monotonic() - started

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
    print()
    if fill_report:
        print(f"fill: {fill_report}")
    print(
        f"database {args.database}: {total:,} residents, {entries:,} audit entries; "
        f"{args.runs} timed requests per page after {WARM_UP} warm-up ({seconds:.0f} s)"
    )
    print(f"target: p95 ≤ {TARGET_P95_MS} ms per page")
    print(
        f"{'page':<58} {'p50':>7} {'p95':>7} {'max':>7}  {'SQL p50':>7} {'CPU p50':>7} "
        "queries  verdict"
    )
    for key, (title, _next, _who) in pages.items():
        result = results[key]
        p95 = percentile(result.ms, 0.95)
        print(
            f"{title[:58]:<58} {statistics.median(result.ms):7.1f} {p95:7.1f} "
            f"{max(result.ms):7.1f}  {statistics.median(result.sql_ms):7.1f} "
            f"{statistics.median(result.cpu_ms):7.1f} "
            f"{statistics.median(result.queries):7.0f}  "
            f"{'met' if p95 <= TARGET_P95_MS else 'MISSED'}"
        )
    print()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end, "
        f"machine speed {machine_speed_ns():.0f} ns (lower is faster)"
    )
    print(f"python {platform.python_version()}, django {django.get_version()}, {pg_version}")


if __name__ == "__main__":
    main()
