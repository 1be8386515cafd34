"""Every printed document: the one PDF renderer, content hashes and the record of a print.

Documents are Django templates extending `pdf/base.html` (slips: `pdf/slip_base.html`),
rendered by WeasyPrint. A printed slip is a row of its own model (residents.Slip,
casework.CaseSlip) carrying a content hash and a short verification code printed on the paper.
"""

from __future__ import annotations

import base64
import datetime
import gc
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
# The process running the batch renders every document's HTML and joins the parts besides
# laying out its own chunk: about a tenth of the layout's work per document, so its chunk is
# that much smaller than a worker's and all processes finish together.
_OWN_CHUNK_SHARE = 0.9
# A worker process lays out this while it waits for its chunk, so that loading WeasyPrint,
# Pango and the fonts overlaps the rendering of the HTML instead of following it.
_WARM_UP_HTML = (
    '<html lang="zh-Hans"><body style="font-family: \'Noto Sans CJK SC\', sans-serif">'
    "<p>\u5c45\u6c11 1</p></body></html>"
)


def _batch_processes() -> int:
    return max(1, getattr(settings, "BATCH_PRINT_PROCESSES", os.cpu_count() or 1))


def _batch_chunk_min() -> int:
    return max(1, getattr(settings, "BATCH_PRINT_CHUNK_MIN", 50))


def _write_pdf(html: str, base_url: str) -> bytes:
    """Lay out one HTML document as PDF (in this process or in a batch's worker process)."""
    # Imported here: loading WeasyPrint (Pango, fonts) is slow and only printing needs it.
    from weasyprint import HTML

    # The layout keeps every box of the document alive until the PDF is written: the cyclic
    # garbage collector would walk that growing heap again and again (about a tenth of the
    # time of a large batch) while finding next to nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=base_url).write_pdf()
    finally:
        if collecting:
            gc.enable()


def _start_worker(base_url: str) -> subprocess.Popen:
    """A fresh Python process running this module as a program: it lays out one chunk of a
    batch on another core. A new interpreter, not a fork: a job worker or web process has
    threads and open database connections a copy must not share. It starts before its HTML
    exists and loads WeasyPrint meanwhile; the document goes through pipes, never to disk."""
    return subprocess.Popen(
        [sys.executable, "-m", "residents.common.pdf", base_url],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=str(settings.BASE_DIR),
    )


def _finish_worker(worker: subprocess.Popen, html: str) -> bytes:
    pdf, errors = worker.communicate(html.encode("utf-8"))
    if worker.returncode != 0:
        # The error's last line only: the traceback may quote the document.
        last_line = (errors.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        raise RuntimeError(
            f"a batch print process exited with {worker.returncode}: {last_line[:200]}"
        )
    return pdf


def _join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _chunk_sizes(total: int, count: int) -> list[int]:
    """Sizes of `count` chunks of `total` documents in order; the last one is this process's
    own and smaller by `_OWN_CHUNK_SHARE`."""
    if count == 1:
        return [total]
    own = min(total, round(total * _OWN_CHUNK_SHARE / (count - 1 + _OWN_CHUNK_SHARE)))
    size, extra = divmod(total - own, count - 1)
    return [size + (1 if index < extra else 0) for index in range(count - 1)] + [own]


class _BatchDocument:
    """The documents of a batch rendered from one template into chunks: one HTML document per
    chunk, each rendering's body in a page of its own under the first rendering's head."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.head = ""

    def chunk(self, contexts: Sequence[Mapping[str, Any]]) -> str:
        parts = []
        for context in contexts:
            page = render_to_string(
                self.template, {**context, "centre_name": settings.CENTRE_NAME, "batch": True}
            )
            head, body = page.split("<body>", 1)
            if not self.head:
                self.head = head.replace("</head>", f"{_BATCH_STYLE}</head>", 1)
            parts.append(
                f'<div class="batch-document">{body.rsplit("</body>", 1)[0]}</div>'
            )
        return "".join([self.head, "<body>", *parts, "</body></html>"])


def render_pdf_batch(*, template: str, contexts: Sequence[Mapping[str, Any]]) -> bytes:
    """Render one template once per context into ONE PDF, each document from a new page.

    The documents are laid out as one WeasyPrint document per chunk (one style sheet, one
    font set-up, one layout), far faster than a document per item merged afterwards. A large
    batch is split into up to BATCH_PRINT_PROCESSES chunks of at least BATCH_PRINT_CHUNK_MIN
    documents, laid out in parallel processes and joined in order. The worker processes start
    first; each chunk's HTML goes to its worker as soon as it is rendered, and this process
    lays out the last, smaller chunk itself. Each rendering keeps its own body; the head
    (styles, page rules) is the first one's, so anything that differs per document in a page
    margin must come from the body (CSS `string-set`, as the slips' verification code does).
    Templates see `batch` (true) and may use a lighter layout.
    """
    if not contexts:
        raise ValueError("a batch needs at least one document")
    contexts = list(contexts)
    count = min(_batch_processes(), max(1, len(contexts) // _batch_chunk_min()))
    base_url = str(settings.BASE_DIR)
    document = _BatchDocument(template)
    if count == 1:
        return _write_pdf(document.chunk(contexts), base_url)
    sizes = _chunk_sizes(len(contexts), count)
    workers = [_start_worker(base_url) for _size in sizes[:-1]]
    try:
        with ThreadPoolExecutor(max_workers=len(workers)) as pool:
            others, start = [], 0
            for worker, size in zip(workers, sizes, strict=False):
                html = document.chunk(contexts[start:start + size])
                others.append(pool.submit(_finish_worker, worker, html))
                start += size
            last = _write_pdf(document.chunk(contexts[start:]), base_url)
            parts = [future.result() for future in others] + [last]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
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


def verification_qr_image(code: str) -> SafeString:
    """The same QR code as a PNG of one pixel a module, for batch prints: WeasyPrint places an
    image about four times faster than it draws the SVG's paths (some 8 ms of a slip's 100).
    The slip's style draws it at the SVG's size without smoothing (`image-rendering:
    pixelated`), so the printed modules stay sharp squares."""
    import segno

    buffer = io.BytesIO()
    segno.make(verification_url(code), error="m").save(buffer, kind="png", scale=1, border=1)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    # Base64 of a PNG that segno wrote: nothing in it can close the attribute.
    return mark_safe(f'<img class="qr-image" src="data:image/png;base64,{data}" alt="">')  # noqa: S308


if __name__ == "__main__":
    # A batch's worker process (`_start_worker`): HTML on stdin, PDF on stdout.
    _write_pdf(_WARM_UP_HTML, sys.argv[1])
    sys.stdout.buffer.write(_write_pdf(sys.stdin.buffer.read().decode("utf-8"), sys.argv[1]))
