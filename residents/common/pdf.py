"""Every printed document: the one PDF renderer, content hashes and the record of a print.

Documents are Django templates extending `pdf/base.html` (slips: `pdf/slip_base.html`),
rendered by WeasyPrint. A printed slip is a row of its own model (residents.Slip,
casework.CaseSlip) carrying a content hash and a short verification code printed on the paper.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused

# Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# A collision among 31**8 codes is rare; five in a row means something else is wrong.
CODE_ATTEMPTS = 5

PrintRecord = TypeVar("PrintRecord", bound=models.Model)


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def content_hash(content: Any) -> str:
    """SHA-256 of the content as canonical JSON: equal content, equal hash."""
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def render_pdf(*, template: str, context: Mapping[str, Any]) -> bytes:
    """Render the template to PDF; every document gets the centre's name."""
    html = render_to_string(template, {**context, "centre_name": settings.CENTRE_NAME})
    return _write_pdf(html, str(settings.BASE_DIR))


# Each document of a batch starts on a new page.
_BATCH_STYLE = "<style>.batch-document + .batch-document { break-before: page; }</style>"


def _batch_processes() -> int:
    return max(1, getattr(settings, "BATCH_PRINT_PROCESSES", os.cpu_count() or 1))


def _batch_chunk_min() -> int:
    return max(1, getattr(settings, "BATCH_PRINT_CHUNK_MIN", 50))


def _write_pdf(html: str, base_url: str) -> bytes:
    """Lay out one HTML document as PDF (in this process or in a batch's worker process)."""
    # Imported here: loading WeasyPrint (Pango, fonts) is slow and only printing needs it.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def _write_pdf_elsewhere(html: str, base_url: str) -> bytes:
    """`_write_pdf` in a fresh Python process (this module run as a program): a batch's chunks
    are laid out at the same time on several cores. A new interpreter, not a fork: a job
    worker or web process has threads and open database connections a copy must not share.
    The document goes through pipes, never to disk."""
    result = subprocess.run(
        [sys.executable, "-m", "residents.common.pdf", base_url],
        input=html.encode("utf-8"), capture_output=True, cwd=str(settings.BASE_DIR),
        check=False,
    )
    if result.returncode != 0:
        # The error's last line only: the traceback may quote the document.
        last_line = (result.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        raise RuntimeError(
            f"a batch print process exited with {result.returncode}: {last_line[:200]}"
        )
    return result.stdout


def _join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _chunks(items: list, count: int) -> list[list]:
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


def render_pdf_batch(*, template: str, contexts: Sequence[Mapping[str, Any]]) -> bytes:
    """Render one template once per context into ONE PDF, each document from a new page.

    The documents are laid out as one WeasyPrint document per chunk (one style sheet, one
    font set-up, one layout), far faster than a document per item merged afterwards. A large
    batch is split into up to BATCH_PRINT_PROCESSES chunks of at least BATCH_PRINT_CHUNK_MIN
    documents, laid out in parallel processes and joined in order. Each rendering keeps its
    own body; the head (styles, page rules) is the first one's, so anything that differs per
    document in a page margin must come from the body (CSS `string-set`, as the slips'
    verification code does). Templates see `batch` (true) and may use a lighter layout.
    """
    if not contexts:
        raise ValueError("a batch needs at least one document")
    rendered = [
        render_to_string(
            template, {**context, "centre_name": settings.CENTRE_NAME, "batch": True}
        )
        for context in contexts
    ]
    head, _body = rendered[0].split("<body>", 1)
    head = head.replace("</head>", f"{_BATCH_STYLE}</head>", 1)
    bodies = [
        page.split("<body>", 1)[1].rsplit("</body>", 1)[0] for page in rendered
    ]
    count = min(_batch_processes(), max(1, len(bodies) // _batch_chunk_min()))
    documents = [
        "".join(
            [head, "<body>",
             *(f'<div class="batch-document">{body}</div>' for body in chunk),
             "</body></html>"]
        )
        for chunk in _chunks(bodies, count)
    ]
    base_url = str(settings.BASE_DIR)
    if len(documents) == 1:
        return _write_pdf(documents[0], base_url)
    with ThreadPoolExecutor(max_workers=len(documents) - 1) as pool:
        # This process lays out the last chunk while other processes do the others.
        others = [
            pool.submit(_write_pdf_elsewhere, document, base_url) for document in documents[:-1]
        ]
        last = _write_pdf(documents[-1], base_url)
        parts = [future.result() for future in others] + [last]
    return _join_pdfs(parts)


def print_record_create(
    *, model: type[PrintRecord], fields: Mapping[str, Any]
) -> PrintRecord:
    """Create the record of one print with a fresh, unique verification code.

    Each attempt runs in its own savepoint, so a code that is already taken (the unique
    constraint refuses it) leaves the caller's transaction usable and another code is drawn.
    """
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return model.objects.create(**fields, verification_code=new_verification_code())
        except IntegrityError:
            continue
    raise ActionRefused(_("The slip could not be numbered; please try again."))


REPRINT_REASON_MAX_LENGTH = 200


def reprint_reason_checked(*, earlier: bool, reason: str) -> str:
    """The reason to store on a print record: none for a first print; a second print of the
    same document must say why (a jammed printer, a spoilt copy)."""
    reason = (reason or "").strip()
    if not earlier:
        return ""
    if not reason:
        raise ActionRefused(
            _("This slip has been printed before: give the reason for printing it again."),
            field="reprint_reason",
        )
    if len(reason) > REPRINT_REASON_MAX_LENGTH:
        raise ActionRefused(
            _("Keep the reason for printing again under %(max)s characters.")
            % {"max": REPRINT_REASON_MAX_LENGTH},
            field="reprint_reason",
        )
    return reason


# Verification (REG-11) ----------------------------------------------------------------------

CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


@dataclass(frozen=True)
class VerifiedPrint:
    """All the public verification page tells about a genuine printed document."""

    kind: str
    number: str
    printed_on: datetime.date
    masked_name: str


# Each app that prints documents registers a lookup `code -> VerifiedPrint | None` in its
# AppConfig.ready(); a code is unique within its model and drawn from 31**8, so at most one hits.
_lookups: list[Callable[[str], VerifiedPrint | None]] = []


def verifiable(lookup: Callable[[str], VerifiedPrint | None]) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def normalise_code(value: str) -> str:
    return "".join((value or "").split()).upper()


def verified_print(code: str) -> VerifiedPrint | None:
    """The printed document with this verification code, or None (also for a malformed code)."""
    code = normalise_code(code)
    if not CODE_RE.match(code):
        return None
    for lookup in _lookups:
        found = lookup(code)
        if found is not None:
            return found
    return None


def verification_url(code: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{reverse('verify', args=[code])}"


def verification_qr_svg(code: str) -> SafeString:
    """An inline SVG QR code of the document's public verification page."""
    import segno

    svg = segno.make(verification_url(code), error="m").svg_inline(scale=2, border=1)
    # segno writes the SVG itself from a URL of our own alphabet: safe to inline.
    return mark_safe(svg)  # noqa: S308


if __name__ == "__main__":
    # A batch's worker process (`_write_pdf_elsewhere`): HTML on stdin, PDF on stdout.
    sys.stdout.buffer.write(_write_pdf(sys.stdin.buffer.read().decode("utf-8"), sys.argv[1]))
