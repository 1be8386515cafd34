"""Warm render time of one registration confirmation slip (REG-5), as a front-desk clerk prints it.

Run: `make bench` or `.venv/bin/python bench/slip.py [--runs N]`. Nothing is written to the
database: the resident and the slip are unsaved objects built in memory. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.utils import timezone, translation  # noqa: E402

from residents import roles  # noqa: E402
from residents.access.policy import VIEW_PERMISSIONS, FieldPolicy  # noqa: E402
from residents.common.id_numbers import make_id_number  # noqa: E402
from residents.common.pdf import new_verification_code  # noqa: E402
from residents.models import (  # noqa: E402
    IdentityDocument,
    RegistrationStatus,
    ResidenceType,
    Resident,
    Slip,
    SlipKind,
)
from residents.people.pdf import (  # noqa: E402
    render_registration_slip,
    slip_content_hash,
    slip_rows,
)

WARM_UP = 3


def front_desk_policy() -> FieldPolicy:
    """The policy `policy_for` gives a front-desk user, derived from the role without a DB."""
    perms = set(roles.ROLE_PERMISSIONS[roles.FRONT_DESK])
    groups = frozenset(group for group, perm in VIEW_PERMISSIONS.items() if perm in perms)
    return FieldPolicy(groups=groups, can_change="residents.change_resident" in perms)


def sample_resident() -> Resident:
    birth = datetime.date(1948, 5, 17)
    return Resident(
        name="欧阳秀兰",
        gender="F",
        birth_date=birth,
        id_number=make_id_number(area="110101", birth_date=birth, sequence=382, gender="F"),
        hukou_location="北京市东城区和平里街道",
        hukou_moved_in_on=datetime.date(1986, 9, 1),
        address="北京市东城区和平里街道和平里七区12号楼3单元402室",
        residence_type=ResidenceType.OWN,
        living_since=datetime.date(1992, 3, 15),
        phone="13912345678",
        service_needs="独居老人，腿脚不便。希望每周上门探访一次，并提供助餐和代购药品服务。",
        remarks="子女在外地工作，紧急联系人为邻居李女士。",
        documents_checked=[IdentityDocument.ID_CARD, IdentityDocument.HOUSEHOLD_BOOKLET],
        consent_optional=True,
        status=RegistrationStatus.VERIFIED,
        archive_number="JM-2026-000123",
    )


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed renders (default 30)")
    runs = parser.parse_args().runs

    translation.activate("zh-hans")
    resident = sample_resident()
    rows = slip_rows(resident, front_desk_policy())
    slip = Slip(
        kind=SlipKind.REGISTRATION,
        resident=resident,
        printed_at=timezone.now(),
        content_hash=slip_content_hash(resident, rows),
        verification_code=new_verification_code(),
    )

    for _ in range(WARM_UP):  # first renders load fonts and build caches
        render_registration_slip(resident=resident, slip=slip, rows=rows)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_registration_slip(resident=resident, slip=slip, rows=rows)
        timings.append((time.perf_counter() - start) * 1000)

    print(f"registration slip PDF ({len(pdf):,} bytes), {runs} warm runs after {WARM_UP} warm-up")
    print(f"median {statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms, "
          f"min {min(timings):.0f} ms, max {max(timings):.0f} ms")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}")
    print(f"python {platform.python_version()}, weasyprint {metadata.version('weasyprint')}")


if __name__ == "__main__":
    main()
