"""Archive-room inspections (ARC-9): a log, and a reminder when the next one is due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from archives.models import Inspection
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future


def inspection_record(
    *, actor, inspected_on: datetime.date, damage: bool, mould: bool, missing: bool,
    findings: str = "",
) -> Inspection:
    require_perm(actor, "archives.add_inspection")
    refuse_future(inspected_on, field="inspected_on")
    return Inspection.objects.create(
        inspector=actor, inspected_on=inspected_on, damage=damage, mould=mould,
        missing=missing, findings=findings.strip(),
    )


def next_inspection_due(today: datetime.date | None = None) -> datetime.date:
    """The last inspection plus the interval (ARCHIVE_INSPECTION_INTERVAL_DAYS); today when
    there has been none."""
    today = today or timezone.localdate()
    last = Inspection.objects.order_by("-inspected_on").values_list(
        "inspected_on", flat=True
    ).first()
    if last is None:
        return today
    return last + datetime.timedelta(days=settings.ARCHIVE_INSPECTION_INTERVAL_DAYS)


def inspection_cards(user) -> list[dict]:
    """A work-list card when the archive-room inspection is due."""
    if not user.has_perm("archives.add_inspection"):
        return []
    if next_inspection_due() > timezone.localdate():
        return []
    from django.utils.translation import gettext as _

    return [{"url": "archives:inspection_list", "title": _("Archive-room inspection due"),
             "count": 1}]
