"""Resident detail, list and search pages at 100,000 residents, with read logging on and off.

Run: `.venv/bin/python bench/pages.py [--runs N]`. The script uses its own database,
`jumin_bench` on the embedded server (never the development database `jumin`), fills it to
100,000 synthetic residents if it has fewer (the first time only: about 80 s on 2 cores;
later runs reuse them), then times the real views through Django's test client as a
logged-in front-desk user. "Logging off" replaces `residents.people.views.record_reads` with a no-op
for the duration of those requests only; production has no such switch. See
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import math
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_DATABASE = "jumin_bench"
BENCH_USER = "bench_frontdesk"
SEED = 20261124
WARM_UP = 5  # requests per page and mode before timing
BATCH = 5  # timed requests in a row with the same mode; modes alternate batch by batch
FILL_BATCH = 2000
LIST_PAGE_SIZE = 50  # residents.people.views.LIST_PAGE_SIZE
# A common surname and the first character of a common given name: a few hundred matches each.
SEARCH_FRAGMENTS = ("王秀", "李建", "张丽", "刘子", "陈晓")
TARGET_RATIO = 1.15
TARGET_LIST_MEDIAN_MS = 100
ESTATES = ("幸福小区", "和平里七区", "和平里九区", "安贞里小区", "青年湖北里", "地坛北里")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page and mode")
    parser.add_argument(
        "--residents", type=int, default=100_000, help="fill the database to this many residents"
    )
    parser.add_argument(
        "--database-url",
        help=f"use this database instead of {BENCH_DATABASE} on the embedded server "
        "(residents are added to it!)",
    )
    return parser.parse_args()


def bench_database_urls() -> tuple[str, str]:
    """Start (or reuse) the embedded server and make sure the bench database exists; the URLs
    of the application's role and of the owner role, as for the development database."""
    from config.embedded_db import database_urls

    return database_urls(BENCH_DATABASE)


def setup_django(database_url: str, owner_url: str | None = None) -> None:
    os.environ["DATABASE_URL"] = database_url
    if owner_url:
        os.environ["DATABASE_OWNER_URL"] = owner_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # What setup_test_environment() would change, without its template instrumentation
    # (the test client would then copy every template context, which production never does).
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# --- filling the database ----------------------------------------------------------------


def bench_user():
    from django.contrib.auth.models import Group, User

    from residents import roles

    user, created = User.objects.get_or_create(
        username=BENCH_USER, defaults={"last_name": "测", "first_name": "试"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.FRONT_DESK))
    return user


class ResidentFactory:
    """Synthetic residents, drawn like the demo data's but without its one-estate address limit."""

    def __init__(self, rng: random.Random, taken: set[str], last_archive: int, actor) -> None:
        from django.utils import timezone

        from residents.people import services

        self.rng = rng
        self.taken = taken
        self.last_archive = last_archive
        self.actor = actor
        self.start = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))
        self.sort_key = cache(services.name_sort_key)

    def _id_number(self, birth: datetime.date, gender: str) -> str:
        from stdnum.cn import ric

        from residents.common.id_numbers import make_id_number, random_id_number
        from residents.demo import people as demo_data

        rng = self.rng
        while True:
            if rng.random() < 0.35:
                number = make_id_number(
                    area=demo_data.LOCAL_AREA_CODE,
                    birth_date=birth,
                    sequence=rng.randrange(1000),
                    gender=gender,
                )
                if not ric.is_valid(number):
                    continue
            else:
                number = random_id_number(rng, birth_date=birth, gender=gender)
            if number not in self.taken:
                self.taken.add(number)
                return number

    def resident(self):
        from residents.common.numbering import format_archive_number
        from residents.demo import people as d
        from residents.models import (
            Channel,
            IdentityDocument,
            RegistrationStatus,
            Resident,
        )

        rng = self.rng
        gender = rng.choice("MF")
        birth = d._date_between(rng, d.EARLIEST_BIRTH, d.LATEST_BIRTH)
        age = (d.REFERENCE_DATE - birth).days // 365
        id_number = self._id_number(birth, gender)
        name = d._surname(rng) + d._given_name(rng, gender, birth.year)
        local = id_number.startswith(d.LOCAL_AREA_CODE) or rng.random() < 0.3
        building = rng.randint(1, 24)
        address = (
            f"{d.CITY}{d.DISTRICT}{d.STREET_OFFICE} {rng.choice(ESTATES)} "
            f"{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
        )
        residence = rng.choices(("own", "rented", "other"), weights=(70, 25, 5))[0]
        if age >= 60:
            needs, share = d.SERVICE_NEEDS_ELDERLY, 0.5
        elif age >= 18:
            needs, share = d.SERVICE_NEEDS_ADULT, 0.18
        else:
            needs, share = d.SERVICE_NEEDS_CHILD, 0.12
        consent = rng.random() < 0.92
        documents = [
            IdentityDocument.ID_CARD.value
            if age >= 16
            else IdentityDocument.HOUSEHOLD_BOOKLET.value
        ]
        status = d._status(rng)
        submitted = self.start + datetime.timedelta(minutes=rng.randrange(320 * 24 * 60))
        resident = Resident(
            name=name,
            name_sort_key=self.sort_key(name),
            gender=gender,
            birth_date=birth,
            id_number=id_number,
            hukou_location=d.LOCAL_HUKOU if local else d.place_of_area(id_number[:6]),
            address=address,
            residence_type=residence,
            living_since=d._date_between(
                rng, max(birth, datetime.date(1985, 1, 1)), d.REFERENCE_DATE
            ),
            phone=d._mobile(rng) if consent and age >= 18 else "",
            service_needs=rng.choice(needs) if consent and rng.random() < share else "",
            remarks=rng.choice(d.REMARKS_ADULT) if consent and rng.random() < 0.05 else "",
            documents_checked=documents,
            consent_optional=consent,
            consent_recorded_at=submitted if consent else None,
            channel=Channel.VISIT if age >= 75 and rng.random() < 0.4 else Channel.WINDOW,
            status=status,
            created_by=self.actor,
        )
        if status != RegistrationStatus.DRAFT:
            resident.submitted_at = submitted
        if status == RegistrationStatus.VERIFIED:
            self.last_archive += 1
            resident.archive_number = format_archive_number(2026, self.last_archive)
            resident.verified_at = submitted + datetime.timedelta(hours=rng.randint(1, 72))
            resident.verified_by = self.actor
        elif status == RegistrationStatus.RETURNED:
            resident.return_reason = rng.choice(d.RETURN_REASONS)
            resident.returned_at = submitted + datetime.timedelta(hours=rng.randint(1, 72))
            resident.returned_by = self.actor
        return resident


def fill(target: int, actor) -> tuple[int, int, float]:
    """Add residents until there are `target`; returns (before, added, seconds)."""
    from auditlog.context import set_actor
    from django.db import connection, transaction

    from config.database_roles import as_owner
    from residents.models import ArchiveSequence, Resident

    before = Resident.objects.count()
    missing = target - before
    if missing <= 0:
        return before, 0, 0.0
    started = time.monotonic()
    name = connection.settings_dict["NAME"]
    print(f"filling {name}: {before:,} residents, adding {missing:,} …", flush=True)
    taken = set(Resident.objects.values_list("id_number", flat=True))
    last = (
        Resident.objects.filter(archive_number__startswith="JM-2026-")
        .order_by("-archive_number")
        .values_list("archive_number", flat=True)
        .first()
    )
    factory = ResidentFactory(
        random.Random(SEED + before), taken, int(last.rsplit("-", 1)[1]) if last else 0, actor
    )
    added = 0
    with set_actor(actor):
        while added < missing:
            batch = [factory.resident() for _ in range(min(FILL_BATCH, missing - added))]
            with transaction.atomic():
                # The audited manager also writes one CREATE audit entry per resident.
                Resident.objects.bulk_create(batch, batch_size=FILL_BATCH)
                ArchiveSequence.objects.update_or_create(
                    year=2026, defaults={"last_number": factory.last_archive}
                )
            added += len(batch)
            if added % 10_000 < FILL_BATCH or added == missing:
                elapsed = time.monotonic() - started
                print(f"  {before + added:,} residents ({elapsed:.0f} s)", flush=True)
    # What autovacuum would do soon: planner statistics, and the visibility map that lets
    # COUNT(*) use an index-only scan (without it the first run's COUNT is 3-4 times slower).
    # Only the tables' owner may vacuum them.
    with as_owner(), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) residents_resident, auditlog_logentry")
    return before, added, time.monotonic() - started


# --- timing ------------------------------------------------------------------------------


def _no_record_reads(**kwargs) -> int:
    return 0


@contextlib.contextmanager
def read_logging(enabled: bool):
    """Logging off: the views' `record_reads` is a no-op until the block ends."""
    from residents.people import views

    if enabled:
        yield
        return
    original = views.record_reads
    views.record_reads = _no_record_reads
    try:
        yield
    finally:
        views.record_reads = original


_TABLE = re.compile(r'\b(FROM|INTO|UPDATE)\s+"(\w+)"')


def query_label(sql: str) -> str:
    verb = sql.lstrip().split(None, 1)[0].upper()
    if sql.lstrip().upper().startswith("SELECT COUNT(*)"):
        verb = "COUNT"
    found = _TABLE.search(sql)
    return f"{verb} {found.group(2) if found else '?'}"


class SqlTimer:
    """Execute wrapper: time spent in each kind of query during one request."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times[query_label(sql)] += (time.perf_counter() - start) * 1000
            self.count += 1


class Sample:
    def __init__(self) -> None:
        self.ms: list[float] = []
        self.sql_ms: list[float] = []
        self.queries: list[int] = []
        self.by_query: dict[str, list[float]] = defaultdict(list)


def timed_get(client, url: str, sample: Sample | None) -> None:
    from django.db import connection

    sql = SqlTimer()
    with connection.execute_wrapper(sql):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    if sample is not None:
        sample.ms.append(elapsed)
        sample.sql_ms.append(sum(sql.times.values()))
        sample.queries.append(sql.count)
        for label, ms in sql.times.items():
            sample.by_query[label].append(ms)


def measure(client, pages: dict[str, Callable[[], tuple[str, int]]], runs: int):
    """Timings per (page, logging on?), and how many read-log entries logging on should write."""
    results = {(page, on): Sample() for page in pages for on in (True, False)}
    expected_reads = 0
    for next_url in pages.values():
        for on in (True, False):
            with read_logging(on):
                for _ in range(WARM_UP):
                    url, shown = next_url()
                    timed_get(client, url, None)
                    expected_reads += shown if on else 0
    done = 0
    flip = False
    while done < runs:
        size = min(BATCH, runs - done)
        for page, next_url in pages.items():
            # Both modes get the same residents and pages (deep list pages are slower), in
            # the order ON,OFF then OFF,ON, so that drift and warm caches hit both alike.
            urls = [next_url() for _ in range(size)]
            for on in (flip, not flip):
                with read_logging(on):
                    for url, shown in urls:
                        timed_get(client, url, results[page, on])
                        expected_reads += shown if on else 0
        flip = not flip
        done += size
    return results, expected_reads


def report_page(title: str, on: Sample, off: Sample, list_page: bool) -> None:
    ratio = statistics.median(on.ms) / statistics.median(off.ms)
    # Both modes requested the same URLs in the same order: ON/OFF of each pair.
    paired = statistics.median(a / b for a, b in zip(on.ms, off.ms, strict=True))
    verdicts = [f"{'within' if ratio <= TARGET_RATIO else 'OVER'} the ≤ {TARGET_RATIO:.2f} target"]
    if list_page:
        ok = statistics.median(on.ms) < TARGET_LIST_MEDIAN_MS
        verdicts.append(f"median {'under' if ok else 'NOT under'} {TARGET_LIST_MEDIAN_MS} ms")
    print(title)
    for name, sample in (("logging on ", on), ("logging off", off)):
        print(
            f"  {name}: median {statistics.median(sample.ms):6.1f} ms, "
            f"p95 {percentile(sample.ms, 0.95):6.1f} ms  "
            f"(SQL {statistics.median(sample.sql_ms):5.1f} ms in "
            f"{statistics.median(sample.queries):.0f} queries)"
        )
    print(
        f"  ON/OFF of medians {ratio:.2f} ({'; '.join(verdicts)}); "
        f"median of paired ratios {paired:.2f}"
    )
    slowest = sorted(on.by_query.items(), key=lambda item: -statistics.median(item[1]))[:3]
    print(
        "  slowest queries (logging on, median): "
        + ", ".join(f"{label} {statistics.median(ms):.1f} ms" for label, ms in slowest)
    )


def main() -> None:
    args = parse_args()
    owner_url = None
    if args.database_url:
        url = args.database_url
    elif os.environ.get("DATABASE_URL"):
        raise SystemExit(
            "DATABASE_URL is set. This benchmark adds 100,000 residents to its database, so it "
            f"uses {BENCH_DATABASE} on the embedded server; unset DATABASE_URL, or pass "
            "--database-url URL to use a database of your choice."
        )
    else:
        url, owner_url = bench_database_urls()
    setup_django(url, owner_url)

    from auditlog.models import LogEntry
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from residents.models import RegistrationStatus, Resident

    user = bench_user()
    before, added, fill_seconds = fill(args.residents, user)

    total = Resident.objects.count()
    verified = list(
        Resident.objects.filter(status=RegistrationStatus.VERIFIED).values_list("pk", flat=True)
    )
    rng = random.Random(SEED)
    pages_count = math.ceil(total / LIST_PAGE_SIZE)
    list_url = reverse("residents:list")
    matches = {
        fragment: Resident.objects.filter(name__contains=fragment).count()
        for fragment in SEARCH_FRAGMENTS
    }

    def detail() -> tuple[str, int]:
        return reverse("residents:detail", args=[rng.choice(verified)]), 1

    def list_page() -> tuple[str, int]:
        number = rng.randint(1, pages_count)
        shown = min(LIST_PAGE_SIZE, total - (number - 1) * LIST_PAGE_SIZE)
        return f"{list_url}?page={number}", shown

    def search() -> tuple[str, int]:
        fragment = rng.choice(SEARCH_FRAGMENTS)
        return f"{list_url}?{urlencode({'q': fragment})}", min(LIST_PAGE_SIZE, matches[fragment])

    pages = {
        "detail": detail,
        "list": list_page,
        "first": lambda: (list_url, min(LIST_PAGE_SIZE, total)),
        "search": search,
    }

    client = Client()
    client.force_login(user)
    mark = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.monotonic()
    results, expected_reads = measure(client, pages, args.runs)
    seconds = time.monotonic() - started
    reads = LogEntry.objects.filter(pk__gt=mark, action=LogEntry.Action.ACCESS, actor=user).count()

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
    print()
    print(
        f"resident pages, {args.runs} timed requests per page and mode after {WARM_UP} "
        f"warm-up, ON/OFF alternating in paired batches of {BATCH} ({seconds:.0f} s)"
    )
    print(
        f"database {settings.DATABASES['default']['NAME']}: {total:,} residents "
        f"({len(verified):,} verified), {LogEntry.objects.count():,} audit entries"
        + (f"; {added:,} added in {fill_seconds:.0f} s" if added else "")
    )
    print(f"read-log entries written while timing: {reads:,} (expected {expected_reads:,})")
    print(
        f"target: read logging adds ≤ {round((TARGET_RATIO - 1) * 100)} % "
        f"(ON/OFF median ≤ {TARGET_RATIO:.2f}); list page median < {TARGET_LIST_MEDIAN_MS} ms"
    )
    print()
    report_page(
        "(a) detail page of a random verified resident",
        results["detail", True],
        results["detail", False],
        list_page=False,
    )
    report_page(
        f"(b) list page, {LIST_PAGE_SIZE} rows, random page of {pages_count:,}",
        results["list", True],
        results["list", False],
        list_page=True,
    )
    report_page(
        "(b1) list page 1, the landing page (cheap SQL: the logging cost shows most)",
        results["first", True],
        results["first", False],
        list_page=True,
    )
    report_page(
        f"(c) search, {LIST_PAGE_SIZE} rows, q = one of "
        + ", ".join(f"{f} ({n:,})" for f, n in matches.items()),
        results["search", True],
        results["search", False],
        list_page=True,
    )
    print()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(
        f"machine: {os.cpu_count()} CPUs ({affinity} usable), {platform.machine()}, "
        f"{platform.platform()}"
    )
    print(f"python {platform.python_version()}, django {django.get_version()}, {pg_version}")


if __name__ == "__main__":
    main()
