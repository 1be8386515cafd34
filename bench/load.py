"""Load test at scale: locust, headless and bounded, against `manage.py serve`.

Run: `DEMO_MODE=true python3 -m uv run --frozen python bench/load.py [--users 50] [--minutes 5]`.

Against the bench database `jumin_scale` (filled by bench/scale.py or bench.fill), on
127.0.0.1 only: gives the bench's front-desk accounts a fresh random password, writes a sample
of residents for the users to ask for (var/locust/sample.json), starts the real server
(`manage.py serve`: gunicorn with WEB_CONCURRENCY workers and the job worker), waits for
/healthz, runs locust (bench/locustfile.py) for the given time, stops the server and prints
locust's figures per request kind (var/locust/scale_stats.csv keeps them).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fill import AREAS, FILL_STAFF, bench_database_urls  # noqa: E402

OUT = ROOT / "var" / "locust"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="jumin_scale")
    return parser.parse_args()


def prepare(password: str) -> dict:
    """Passwords for the front-desk accounts, and a sample of residents to ask for."""
    import django

    django.setup()
    from django.contrib.auth.models import User

    from residents.common.id_numbers import county_codes
    from residents.models import Resident

    users = [name for name, group in FILL_STAFF if group == "front_desk"]
    for user in User.objects.filter(username__in=users):
        user.set_password(password)
        user.save(update_fields=["password"])
    rng = random.Random(20261130)
    last = Resident.objects.order_by("-pk").values_list("pk", flat=True).first()
    rows = list(
        Resident.objects.filter(pk__in=[rng.randint(1, last) for _ in range(3000)]).values_list(
            "pk", "name", "id_number", "archive_number"
        )
    )
    return {
        "users": users,
        "pks": [row[0] for row in rows],
        "names": [row[1] for row in rows],
        "id_numbers": [row[2] for row in rows],
        "archive_numbers": [row[3] for row in rows if row[3]],
        "pages": -(-Resident.objects.count() // 50),
        "areas": list(AREAS),
        "counties": list(county_codes()),
    }


def wait_until_up(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("the server did not answer /healthz")


def main() -> None:
    args = parse_args()
    url, owner = bench_database_urls(args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    password = secrets.token_urlsafe(18)
    sample = prepare(password)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sample.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")

    env = {**os.environ, "DATABASE_URL": url, "DEMO_MODE": "true"}
    log = open(OUT / "serve.log", "w")  # noqa: SIM115 - the server's whole life
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{args.port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(args.port)
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                "--headless", "--users", str(args.users), "--spawn-rate", "5",
                "--run-time", f"{int(args.minutes * 60)}s",
                "--host", f"http://127.0.0.1:{args.port}",
                "--csv", str(OUT / "scale"), "--only-summary", "--stop-timeout", "10",
            ],
            cwd=ROOT, env={**os.environ, "LOAD_PASSWORD": password}, check=False,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print()
    print(f"load test from {started} UTC: {args.users} users, {args.minutes:g} min, "
          f"database {args.database}, {sample['pages'] * 50:,} residents (about)")
    print(
        f"{'request':<28} {'count':>7} {'fails':>6} {'p50':>6} {'p95':>6} {'max':>7} "
        f"{'req/s':>6}"
    )
    with open(OUT / "scale_stats.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            print(
                f"{row['Name'][:28]:<28} {row['Request Count']:>7} {row['Failure Count']:>6} "
                f"{row['50%']:>6} {row['95%']:>6} {float(row['Max Response Time']):7.0f} "
                f"{float(row['Requests/s']):6.1f}"
            )
    failures = OUT / "scale_failures.csv"
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        print("failures:")
        print(failures.read_text())


if __name__ == "__main__":
    main()
