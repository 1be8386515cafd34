"""Render time of a batch print of 1,000 registration confirmation slips as one PDF (DAT-3).

Run: `.venv/bin/python bench/batch_print.py [--slips N]`. The slips are laid out as one
WeasyPrint document (residents.common.pdf.render_pdf_batch), as the batch print job does.
Nothing is written to the database: residents and slips are unsaved objects built in memory,
so the time is the rendering alone (the job's slip records are one INSERT each besides).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slips", type=int, default=1000, help="slips in the batch (1000)")
    count = parser.parse_args().slips

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

    start = time.perf_counter()
    pdf = render_registration_slips(printed=printed)
    seconds = time.perf_counter() - start

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{count:,} slips as one PDF: {seconds:.1f} s ({seconds / count * 1000:.0f} ms a slip), "
          f"{pages:,} pages, {len(pdf) / 1e6:.1f} MB")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}")
    print(f"python {platform.python_version()}, weasyprint {metadata.version('weasyprint')}")


if __name__ == "__main__":
    main()
