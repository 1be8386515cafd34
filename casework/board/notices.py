"""The one layout of the bulletin-board notices (PUB-2): every public list prints as an A4
notice through `notice_response` — a title, the period or date it covers, one table, the
centre's name and the date. Each list gives its columns and rows of plain public values."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

from residents.common.pdf import render_pdf

TEMPLATE = "casework/pdf/public_notice.html"


@dataclass(frozen=True)
class Notice:
    title: str
    # What the notice covers, e.g. the days it lists.
    subtitle: str
    columns: Sequence[str]
    # One sequence of cell values per row, in the order of the columns.
    rows: Sequence[Sequence[object]]
    # Said when there is no row.
    empty: str
    # The download's file name, without ".pdf".
    filename: str
    # Columns printed with their line breaks kept (long public texts).
    wrapped: frozenset[int] = frozenset()


def notice_pdf(notice: Notice) -> bytes:
    return render_pdf(template=TEMPLATE, context={
        "notice": notice, "today": timezone.localdate(),
    })


# Anyone may ask for a notice, as often as they like: an unchanged notice is rendered once and
# then served from the cache, so repeated requests cannot keep the PDF renderer busy.
CACHE_SECONDS = 3600


def _cache_key(notice: Notice) -> str:
    content = repr((
        notice.title, notice.subtitle, list(notice.columns),
        [list(row) for row in notice.rows], notice.empty, sorted(notice.wrapped),
        timezone.localdate(), translation.get_language(),
    ))
    return "notice-pdf:" + hashlib.sha256(content.encode()).hexdigest()


def notice_response(notice: Notice) -> HttpResponse:
    key = _cache_key(notice)
    pdf = cache.get(key)
    if pdf is None:
        pdf = notice_pdf(notice)
        cache.set(key, pdf, CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{notice.filename}.pdf"'
    return response
