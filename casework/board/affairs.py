"""Results of handled affairs, published (PUB-2): item, the applicant's name masked as 张*,
result and date, on a public page and as an A4 notice for the bulletin board.

Only the columns shown are read, the name already masked in SQL (its first character), so no
full name is loaded for these pages. Affairs of items that reveal economic or health status
(低保, 特困 …) are never published: a masked name beside such an item would still tell it.
"""

from __future__ import annotations

import datetime

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Concat, Left, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Case, CaseKind

# The statuses a published affair may have, with what the notice calls them.
RESULTS = {"closed": _("Handled"), "rejected": _("Not approved")}
# The bulletin-board notice lists the affairs finished in this many days before it is printed.
NOTICE_DAYS = 30


def handled_affairs():
    """Finished affairs of publishable items, newest first, as rows of public columns only."""
    return (
        Case.objects.filter(
            kind=CaseKind.AFFAIR, status__in=RESULTS, affair_item__isnull=False,
            affair_item__reveals_status=False, closed_at__isnull=False,
        )
        .annotate(
            item=F("affair_item__name"),
            masked_name=Concat(
                Left(Coalesce(NullIf("applicant_name", Value("")), "resident__name"), 1),
                Value("*"), output_field=CharField(),
            ),
        )
        .order_by("-closed_at", "-pk")
        .values("number", "item", "masked_name", "status", "closed_at")
    )


def public_rows(rows) -> list[dict]:
    return [{**row, "result": RESULTS[row["status"]]} for row in rows]


def notice_rows(today: datetime.date | None = None) -> tuple[datetime.date, list[dict]]:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=NOTICE_DAYS)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=zone)
    return since, public_rows(handled_affairs().filter(closed_at__gte=start))
