"""The one layout of the bulletin-board notices (PUB-2): every public list prints as an A4
notice through `notice_response` — a title, the period or date it covers, one table, the
centre's name and the date. Each list gives its columns and rows of plain public values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

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


def notice_response(notice: Notice) -> HttpResponse:
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{notice.filename}.pdf"'
    return response
