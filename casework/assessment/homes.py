"""A staff member's home names their own assessment: the cases they finished this quarter, with
the way to their line of the grade sheet (SUP-6). One count on the handler's own cases."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.assessment.selectors import FINISHED
from casework.models import Case
from residents.dashboards.periods import QUARTER, Period
from residents.worklists.homes import MINE


def assessment_home_lines(user) -> list[dict]:
    # Managers and the supervision group reach the whole sheet from the supervision pages.
    if not user.has_perm("casework.view_own_assessment") or user.has_perm(
        "casework.view_assessment"
    ):
        return []
    period = Period.containing(QUARTER, timezone.localdate())
    start, end = period.bounds()
    sheet = reverse("casework:assessment") + f"?period={QUARTER}"
    finished = Case.objects.order_by().filter(
        handler=user, status__in=FINISHED, closed_at__gte=start, closed_at__lt=end
    ).count()
    return [{
        "section": MINE, "order": 90,
        "title": _("My assessment, %(period)s: cases finished") % {"period": period.label},
        "count": finished, "url": sheet,
        "items": [{"label": _("My line of the grade sheet"), "url": sheet, "note": "",
                   "late": False}],
    }]
