"""Render time of a batch print of 1,000 registration confirmation slips as one PDF (DAT-3).

Run: `.venv/bin/python bench/batch_print.py [--slips N] [--processes N]`. The slips are laid
out as the batch print job does (residents.common.pdf.render_pdf_batch: chunks on parallel
processes, joined into one PDF).
`--profile FILE` writes a cProfile of this process (its chunk and the HTML of every slip; the
workers lay out theirs in the same way) for `python -m pstats FILE`.
Nothing is written to the database: residents and slips are unsaved objects built in memory,
so the time is the rendering alone (the job's slip records are one INSERT each besides).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import resource
import sys
import time
from importlib import metadata
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.utils import timezone, translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from slip import front_desk_policy, sample_resident  # noqa: E402

from residents.common.pdf import new_verification_code  # noqa: E402
from residents.models import Slip, SlipKind  # noqa: E402
from residents.people.pdf import (  # noqa: E402
    render_registration_slip,
    render_registration_slips,
    slip_content_hash,
    slip_rows,
)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slips", type=int, default=1000, help="slips in the batch (1000)")
    parser.add_argument(
        "--processes", type=int, default=None,
        help="processes laying out the batch (default: BATCH_PRINT_PROCESSES, one per core)",
    )
    parser.add_argument("--profile", help="write a cProfile of this process to this file")
    arguments = parser.parse_args()
    count = arguments.slips
    if arguments.processes is not None:
        from django.conf import settings

        settings.BATCH_PRINT_PROCESSES = arguments.processes

    translation.activate("zh-hans")
    policy = front_desk_policy()
    printed = []
    for number in range(count):
        resident = sample_resident()
        resident.archive_number = f"JM-2026-{number + 1:06d}"
        rows = slip_rows(resident, policy)
        slip = Slip(
            kind=SlipKind.REGISTRATION, resident=resident, printed_at=timezone.now(),
            content_hash=slip_content_hash(resident, rows),
            verification_code=new_verification_code(),
        )
        printed.append((resident, slip, rows))
    # Warm up: the first render loads fonts.
    render_registration_slip(resident=printed[0][0], slip=printed[0][1], rows=printed[0][2])

    profile = cProfile.Profile() if arguments.profile else None
    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    if profile:
        profile.enable()
    pdf = render_registration_slips(printed=printed)
    if profile:
        profile.disable()
        profile.dump_stats(arguments.profile)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    load_after = os.getloadavg()

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{count:,} slips as one PDF: {seconds:.1f} s ({seconds / count * 1000:.0f} ms a slip), "
          f"{pages:,} pages, {len(pdf) / 1e6:.1f} MB")
    print(f"CPU time (this process and its workers): {cpu:.1f} s "
          f"({cpu / count * 1000:.0f} ms a slip)")
    print("load average (1, 5, 15 min): "
          f"{' '.join(f'{value:.1f}' for value in load_before)} before, "
          f"{' '.join(f'{value:.1f}' for value in load_after)} after")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}")
    print(f"python {platform.python_version()}, weasyprint {metadata.version('weasyprint')}")


if __name__ == "__main__":
    main()
