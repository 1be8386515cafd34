"""Rows per second of a resident import (DAT-1): dry run, then the confirmed import.

Run: `.venv/bin/python bench/import.py [--rows N] [--format csv|xlsx] [--no-reset]`, with
`DEMO_MODE=true` for the embedded database (or `DATABASE_URL` for another one).

It generates N rows (100,000 by default) of new people — valid ID numbers (GB 11643 check
digits, county codes in use), realistic Chinese names, addresses and mobile numbers — as the
police source's file, and drives it through the real import path: `import_upload` (content
checks, SHA-256, the dry run of every row with the registration form's rules, the outcome of
each row stored; run inline here rather than as the job, to time it alone), then
`import_confirm` and `import_run`, the job's body (submitted registrations in bulk, each with
its audit entry). It prints rows/s for each step (the target, 5,000 rows/s, is the confirm
step's), the CPU seconds of this process and of the PostgreSQL server beside them, and the
load average: on a shared machine the CPU seconds are the figures to compare. `--workers 1`
runs the confirm step on one connection instead of two.

It runs against the current database. By default it first removes what earlier runs of this
script made (their import batches and the residents the `bench-import` account registered), so
that runs compare. `--no-reset` keeps everything, e.g. on a database filled with a million
residents by `bench/fill.py`: the rows are still new people (a fresh random seed per run), and
their ID numbers are looked up among the residents already there.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from config.database_roles import as_owner  # noqa: E402
from residents import roles  # noqa: E402
from residents.common.id_numbers import county_codes, make_id_number  # noqa: E402
from residents.common.validation import validate_id_number  # noqa: E402
from residents.imports import services  # noqa: E402
from residents.imports.demo import DEMO_COLUMNS  # noqa: E402
from residents.models import (  # noqa: E402
    ImportBatch,
    ImportProfile,
    ImportSource,
    ImportStatus,
    Resident,
)

BENCH_USER = "bench-import"
BENCH_MANAGER = "bench-import-manager"
FIELDS = ("name", "id_number", "hukou_location", "address", "hukou_moved_in_on", "phone", "area")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕"
    "聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游"
    "阳裴席卫查屈鲍位霍翁隋植甘景薄单包司柏宁柯阮桂闵解强丛华车冉房边辜吉饶刁瞿戚丘古"
    "米池滕晋苑邬臧畅宫来嵺苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭"
    "窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僖桑荆谌银"
    "扬明沙伏岑习胥保和蔺"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华建国志红梅玉萍鹏辉飞鑫宇浩然子"
    "涵欣怡梓轩雨泽晨阳佳琪思远文博海燕春金凤德胜永福淑珍丹晓东俊婷"
)
CITIES = [
    ("北京市", ["东城区", "西城区", "朝阳区", "海淀区", "丰台区"]),
    ("上海市", ["黄浦区", "徐汇区", "长宁区", "静安区", "浦东新区"]),
    ("广州市", ["越秀区", "海珠区", "天河区", "白云区"]),
    ("成都市", ["锦江区", "青羊区", "金牛区", "武侯区"]),
    ("武汉市", ["江岸区", "江汉区", "武昌区", "洪山区"]),
]
STREETS = ["和平里", "建国路", "人民路", "解放路", "中山路", "光明街", "新华街", "幸福路", "朝阳路",
           "长安街"]
ESTATES = ["幸福小区", "阳光花园", "和谐家园", "锦绣苑", "翠湖小区", "东方名居"]
MOBILE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "158",
                   "186", "187", "188", "189"]


def valid_id_number(number: str) -> bool:
    try:
        validate_id_number(number)
    except ValidationError:
        return False
    return True


def generate_rows(rng: random.Random, count: int) -> list[list[str]]:
    today = datetime.date.today()
    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        birth = today - datetime.timedelta(days=rng.randrange(18 * 365, 90 * 365))
        gender = rng.choice("MF")
        number = make_id_number(
            area=rng.choice(county_codes()), birth_date=birth, sequence=rng.randrange(1000),
            gender=gender,
        )
        if number in seen or not valid_id_number(number):
            continue
        seen.add(number)
        surname = rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        city, districts = rng.choice(CITIES)
        district = rng.choice(districts)
        street = rng.choice(STREETS)
        moved_in = birth + datetime.timedelta(days=rng.randrange(0, (today - birth).days))
        rows.append([
            surname + given,
            number,
            f"{city}{district}{street}街道",
            f"{district}{rng.choice(STREETS)}{rng.randint(1, 300)}号"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(101, 2802)}室",
            moved_in.isoformat() if rng.random() < 0.5 else "",
            rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
            rng.choice(ESTATES),
        ])
    return rows


def file_bytes(rows: list[list[str]], kind: str) -> bytes:
    headings = [DEMO_COLUMNS[ImportSource.POLICE][name] for name in FIELDS]
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def bench_users() -> tuple[User, User]:
    users = []
    for username, role in ((BENCH_USER, roles.FRONT_DESK), (BENCH_MANAGER, roles.MANAGER)):
        user, _created = User.objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=role))
        users.append(User.objects.get(pk=user.pk))  # fresh permission cache
    return users[0], users[1]


def reset(clerk: User) -> None:
    """Remove what earlier runs made: one statement per table (audit entries stay), then
    vacuum."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM residents_importrow WHERE batch_id IN "
            "(SELECT id FROM residents_importbatch WHERE started_by_id = %s)", [clerk.pk]
        )
        cursor.execute("DELETE FROM residents_importbatch WHERE started_by_id = %s", [clerk.pk])
        cursor.execute(
            "DELETE FROM residents_resident WHERE created_by_id = %s AND channel = 'import'",
            [clerk.pk],
        )
    # Now, not during the timed import: autovacuum would clean up after the deletes (and the
    # audit entries of earlier runs) then, and
    # its CPU is counted as the server's. VACUUM needs the tables' owner.
    with as_owner(), connection.cursor() as cursor:
        cursor.execute(
            "VACUUM (ANALYZE) residents_resident, residents_importrow, residents_importbatch, "
            "residents_residentcount, auditlog_logentry"
        )


class Clock:
    """Wall time, CPU time of this process and of the PostgreSQL server, and the load.

    On the shared 2-core machine the wall time says more about the neighbours than about the
    code: the CPU seconds (user + sys) are the figures to compare. The server's are those of
    all its processes (the import's connections, the WAL writer, autovacuum; those that ended
    are counted in the postmaster's children's time), read from /proc when the database runs
    on this machine under its own postmaster (the embedded server does).
    """

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        try:
            self.postmaster = int(self._stat(backend)[1])
        except OSError:
            self.postmaster = None

    @staticmethod
    def _stat(pid: int) -> list[str]:
        # The fields after the command name: state is [0], ppid [1], utime [11] … cstime [14].
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    def server_cpu(self) -> float | None:
        if self.postmaster is None:
            return None
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = self._stat(int(entry.name))
            except OSError:
                continue
            if int(entry.name) == self.postmaster or int(fields[1]) == self.postmaster:
                ticks += sum(int(value) for value in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")

    def start(self) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.wall = time.perf_counter()
        self.cpu = usage.ru_utime + usage.ru_stime
        self.db = self.server_cpu()

    def report(self, label: str, rows: int) -> float:
        wall = time.perf_counter() - self.wall
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime - self.cpu
        db_now = self.server_cpu()
        db = db_now - self.db if db_now is not None and self.db is not None else None
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        cpu_text = f"CPU python {cpu:.1f} s"
        if db is not None:
            cpu_text += (f" + postgres {db:.1f} s = {cpu + db:.1f} s, "
                         f"{rows / (cpu + db):,.0f} rows per CPU-s")
        print(f"{label}: {wall:.1f} s wall, {rows / wall:,.0f} rows/s · {cpu_text} · "
              f"load average {load}")
        return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the file (100000)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--no-reset", action="store_true",
                        help="keep what earlier runs made (e.g. on a filled database)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: new)")
    parser.add_argument("--workers", type=int, default=services.IMPORT_WORKERS,
                        help="connections importing side by side "
                             f"({services.IMPORT_WORKERS}; 1: one at a time)")
    args = parser.parse_args()
    services.IMPORT_WORKERS = args.workers

    translation.activate("zh-hans")
    clerk, manager = bench_users()
    if not args.no_reset:
        reset(clerk)
    profile = ImportProfile.objects.filter(source=ImportSource.POLICE).first()
    if profile is None:
        profile = services.import_profile_save(
            actor=manager, source=ImportSource.POLICE, columns=DEMO_COLUMNS[ImportSource.POLICE]
        )
    seed = args.seed if args.seed is not None else time.time_ns()
    started = time.perf_counter()
    rows = generate_rows(random.Random(seed), args.rows)
    data = file_bytes(rows, args.format)
    generated = time.perf_counter() - started
    residents_before = Resident.objects.count()
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    print(f"residents in the database before: {residents_before:,}")
    print(f"generated {len(rows):,} rows as {args.format.upper()} "
          f"({len(data) / 1e6:.1f} MB) in {generated:.1f} s")

    clock = Clock()
    print(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    # The dry run inline (the upload page defers it to a job for files this large).
    with override_settings(IMPORT_SYNC_MAX_BYTES=len(data) + 1,
                           IMPORT_MAX_BYTES=max(len(data) + 1, 50 * 1024 * 1024)):
        clock.start()
        batch = services.import_upload(actor=clerk, profile=profile, data=data)
        dry_run = clock.report("dry run", len(rows))
    batch = ImportBatch.objects.get(pk=batch.pk)
    if batch.status != ImportStatus.CHECKED:
        raise SystemExit(f"dry run ended {batch.status}: {batch.message}")
    print(f"  new {batch.new_rows:,}, changes {batch.change_rows:,}, "
          f"unchanged {batch.unchanged_rows:,}, errors {batch.error_rows:,}")

    clock.start()
    services.import_confirm(actor=clerk, batch=batch)
    services.import_run(batch_id=batch.pk)
    confirm = clock.report("confirm (the import job)", batch.importable)
    batch = ImportBatch.objects.get(pk=batch.pk)
    print(f"  {batch.status}; residents now {Resident.objects.count():,}")
    total = dry_run + confirm
    print(f"dry run + confirm: {total:.1f} s wall, {len(rows) / total:,.0f} rows/s")

if __name__ == "__main__":
    main()
