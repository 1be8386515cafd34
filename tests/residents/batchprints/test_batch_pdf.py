"""DAT-3: a large batch is laid out in parallel processes and joined in order; the PDF has the
same slips, page by page, with the same text as one laid out in one process."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from residents import roles
from residents.access.masking import mask_id_number
from residents.access.policy import policy_for
from residents.common.pdf import new_verification_code
from residents.models import Slip, SlipKind
from residents.people.pdf import render_registration_slips, slip_content_hash, slip_rows
from tests.factories import make_resident, make_user


def page_texts(pdf: bytes) -> list[str]:
    return [
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


@pytest.mark.django_db
def test_a_batch_laid_out_in_parallel_has_every_slip_in_order_with_the_same_text(settings):
    desk = make_user(roles.FRONT_DESK)
    printed = []
    for _ in range(5):
        resident = make_resident(actor=desk)
        rows = slip_rows(resident, policy_for(desk, resident))
        slip = Slip(
            kind=SlipKind.REGISTRATION, resident=resident, printed_at=timezone.now(),
            content_hash=slip_content_hash(resident, rows),
            verification_code=new_verification_code(),
        )
        printed.append((resident, slip, rows))

    settings.BATCH_PRINT_PROCESSES = 1
    single = page_texts(render_registration_slips(printed=printed))
    settings.BATCH_PRINT_PROCESSES = 2
    settings.BATCH_PRINT_CHUNK_MIN = 2
    parallel = page_texts(render_registration_slips(printed=printed))

    assert len(parallel) == len(single) == 5
    assert parallel == single
    for text, (resident, slip, _rows) in zip(parallel, printed, strict=True):
        assert resident.name in text
        assert mask_id_number(resident.id_number) in text
        assert resident.id_number not in text
        # On the slip, in its verification address and beside its QR code: its own code only.
        assert text.count(slip.verification_code) == 3


@pytest.mark.django_db
def test_a_batch_split_over_three_processes_keeps_every_slip_once_and_in_order(settings):
    desk = make_user(roles.FRONT_DESK)
    printed = []
    for _ in range(7):
        resident = make_resident(actor=desk)
        rows = slip_rows(resident, policy_for(desk, resident))
        slip = Slip(
            kind=SlipKind.REGISTRATION, resident=resident, printed_at=timezone.now(),
            content_hash=slip_content_hash(resident, rows),
            verification_code=new_verification_code(),
        )
        printed.append((resident, slip, rows))

    settings.BATCH_PRINT_PROCESSES = 3
    settings.BATCH_PRINT_CHUNK_MIN = 2
    pdf = render_registration_slips(printed=printed)
    texts = page_texts(pdf)

    assert len(texts) == 7
    for text, (resident, slip, _rows) in zip(texts, printed, strict=True):
        assert resident.name in text
        assert text.count(slip.verification_code) == 3
    # Every slip keeps its own QR code (drawn as an image in a batch).
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len({image.name for page in pages for image in page.images}) == 7
