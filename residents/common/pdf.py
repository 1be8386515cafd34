"""Every printed document: the one PDF renderer, content hashes and the record of a print.

Documents are Django templates extending `pdf/base.html` (slips: `pdf/slip_base.html`),
rendered by WeasyPrint. A printed slip is a row of its own model (residents.Slip,
casework.CaseSlip) carrying a content hash and a short verification code printed on the paper.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
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
    # Imported here: loading WeasyPrint (Pango, fonts) is slow and only printing needs it.
    from weasyprint import HTML

    html = render_to_string(template, {**context, "centre_name": settings.CENTRE_NAME})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# Each document of a batch starts on a new page.
_BATCH_STYLE = "<style>.batch-document + .batch-document { break-before: page; }</style>"


def render_pdf_batch(*, template: str, contexts: Sequence[Mapping[str, Any]]) -> bytes:
    """Render one template once per context into ONE PDF, each document from a new page.

    The documents are laid out as one WeasyPrint document (one style sheet, one font set-up,
    one layout), far faster than a document per item merged afterwards. Each rendering keeps
    its own body; the head (styles, page rules) is the first one's, so anything that differs
    per document in a page margin must come from the body (CSS `string-set`, as the slips'
    verification code does).
    """
    from weasyprint import HTML

    if not contexts:
        raise ValueError("a batch needs at least one document")
    rendered = [
        render_to_string(template, {**context, "centre_name": settings.CENTRE_NAME})
        for context in contexts
    ]
    head, _body = rendered[0].split("<body>", 1)
    bodies = [
        page.split("<body>", 1)[1].rsplit("</body>", 1)[0] for page in rendered
    ]
    html = "".join(
        [
            head.replace("</head>", f"{_BATCH_STYLE}</head>", 1),
            "<body>",
            *(f'<div class="batch-document">{body}</div>' for body in bodies),
            "</body></html>",
        ]
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
