"""Archive pages at scale: the catalogue search and a resident's personal archive at 1 M residents.

Run: `DEMO_MODE=true python3 -m uv run --frozen python bench/archive_pages.py [--runs N]`.

Uses `jumin_scale` (filled by bench/scale.py, which it fills first when it has fewer residents
than --residents) and, once, files every verified resident's archive into the volumes of the
catalogue: one volume per category (户籍 / 非户籍), content class and year 2017–2026, each
archive in the basic-information volume of its category and of a year spread by key (about
850,000 volume items in 80 volumes). Then times, through the real views, middleware, session
and templates (Django's test Client), with read logging on, as a front-desk user:

- the catalogue (archives:volume_list) searched by a resident's full name, by a 2-character
  name fragment, by archive number, by case number (the bench has no cases: the search runs
  its whole query and finds nothing), by volume number, by year, and by year and class;
- a resident's personal archive page (archives:resident_archive).

Five warm-up requests per page, then --runs timed ones, round robin; p50 and p95 (nearest
rank), the SQL time and this process's CPU time per request. Target: p95 ≤ 50 ms.
See docs/benchmarks.md, "Scale".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scale  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2017, 2026
CATEGORIES = ("registered", "non_registered")
CLASSES = ("basic", "living", "social", "complaints")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument(
        "--database", default=scale.DATABASE, help="database on the embedded server"
    )
    return parser.parse_args()


def file_archives(actor) -> str | None:
    """Volumes and volume items for every verified resident, once (None when already filed)."""
    from django.db import connection, transaction

    from archives.models import Volume, VolumeItem
    from archives.volumes.services import retention_of

    if VolumeItem.objects.filter(resident__isnull=False).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        volumes = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for category in CATEGORIES:
                for n, content_class in enumerate(CLASSES, start=1):
                    number = f"JZ-{year}-{category[:3].upper()}-{n:02d}"
                    volumes[year, category, content_class] = Volume.objects.create(
                        number=number,
                        title=f"{year}年{'户籍' if category == 'registered' else '非户籍'}居民档案",
                        category=category,
                        content_class=content_class,
                        year=year,
                        retention=retention_of(content_class),
                        room="一楼档案室",
                        cabinet=f"{year - FIRST_YEAR + 1}号柜",
                        box=f"{n}盒",
                        created_by=actor,
                    )
        basic = {
            (year, category): volumes[year, category, "basic"].pk
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
            for category in CATEGORIES
        }
        cases = " ".join(
            f"WHEN r.id % {LAST_YEAR - FIRST_YEAR + 1} = {year - FIRST_YEAR} "
            f"AND r.hukou_type = '{category}' THEN {pk}"
            for (year, category), pk in basic.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO archives_volumeitem (volume_id, resident_id, contents, filed_at) "
                f"SELECT CASE {cases} END, r.id, '{{}}'::jsonb, now() "
                "FROM residents_resident r WHERE r.status = 'verified' "
                "AND r.archive_number IS NOT NULL"
            )
            items = cursor.rowcount
            cursor.execute("ANALYZE archives_volumeitem")
            cursor.execute("ANALYZE archives_volume")
    return f"{len(volumes)} volumes, {items:,} volume items in {time.monotonic() - started:.0f} s"


def main() -> None:
    args = parse_args()
    scale.setup_django(args.database)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.fill import fill, staff_users
    from residents.models import RegistrationStatus, Resident

    have = Resident.objects.count()
    if have < args.residents:
        fill(residents=args.residents - have, audit_entries=0)
    front = staff_users()[0]
    filed = file_archives(front)
    total = Resident.objects.count()
    rng = random.Random(scale.SEED)
    last_pk = Resident.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = list(
        Resident.objects.filter(
            pk__in=[rng.randint(1, last_pk) for _ in range(3000)],
            status=RegistrationStatus.VERIFIED,
        ).values_list("pk", "name", "archive_number")
    )
    catalogue = reverse("archives:volume_list")

    def search(**params) -> str:
        return f"{catalogue}?{urlencode(params)}"

    def some_volume() -> str:
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        return f"JZ-{year}-{rng.choice(CATEGORIES)[:3].upper()}-{rng.randint(1, 4):02d}"

    pages: dict[str, tuple[str, Callable[[], str]]] = {
        "name": ("catalogue by full name", lambda: search(name=rng.choice(sample)[1])),
        "fragment": (
            "catalogue by a 2-character name fragment",
            lambda: search(name=rng.choice(scale.FRAGMENTS)),
        ),
        "archive": (
            "catalogue by archive number", lambda: search(q=rng.choice(sample)[2])
        ),
        "case": (
            "catalogue by case number",
            lambda: search(q=f"BG-2026-{rng.randint(1, 99999):06d}"),
        ),
        "volume": ("catalogue by volume number", lambda: search(q=some_volume())),
        "year": (
            "catalogue by year", lambda: search(year=rng.randint(FIRST_YEAR, LAST_YEAR))
        ),
        "year_class": (
            "catalogue by year and class",
            lambda: search(
                year=rng.randint(FIRST_YEAR, LAST_YEAR), content_class=rng.choice(CLASSES)
            ),
        ),
        "archive_page": (
            "a resident's personal archive",
            lambda: reverse("archives:resident_archive", args=[rng.choice(sample)[0]]),
        ),
    }
    client = Client()
    scale.signed_in(client, front)
    results = {key: scale.Sample() for key in pages}
    started = time.monotonic()
    for _title, next_url in pages.values():
        for _ in range(scale.WARM_UP):
            scale.timed_get(client, next_url(), None)
    for _ in range(args.runs):
        for key, (_title, next_url) in pages.items():
            scale.timed_get(client, next_url(), results[key])
    seconds = time.monotonic() - started

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT count(*) FROM archives_volumeitem")
        items = cursor.fetchone()[0]
    print()
    if filed:
        print(f"filed: {filed}")
    print(
        f"database {args.database}: {total:,} residents, {items:,} volume items; "
        f"{args.runs} timed requests per page after {scale.WARM_UP} warm-up ({seconds:.0f} s)"
    )
    print(f"target: p95 ≤ {scale.TARGET_P95_MS} ms per page")
    print(
        f"{'page':<44} {'p50':>7} {'p95':>7} {'max':>7}  {'SQL p50':>7} {'CPU p50':>7} "
        "queries  verdict"
    )
    for key, (title, _next) in pages.items():
        result = results[key]
        p95 = scale.percentile(result.ms, 0.95)
        print(
            f"{title[:44]:<44} {statistics.median(result.ms):7.1f} {p95:7.1f} "
            f"{max(result.ms):7.1f}  {statistics.median(result.sql_ms):7.1f} "
            f"{statistics.median(result.cpu_ms):7.1f} "
            f"{statistics.median(result.queries):7.0f}  "
            f"{'met' if p95 <= scale.TARGET_P95_MS else 'MISSED'}"
        )
    print()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end, "
        f"machine speed {scale.machine_speed_ns():.0f} ns (lower is faster)"
    )
    print(f"python {platform.python_version()}, django {django.get_version()}, {pg_version}")


if __name__ == "__main__":
    main()
