"""Casework's cards on the morning overview (residents:worklists) and its resident timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases import selectors
from casework.engine.workflows import status_label
from residents.access.fields import FieldGroup
from residents.common.timeline import TimelineEntry


def case_cards(user) -> list[dict]:
    if not user.has_perm("casework.view_case"):
        return []
    return [
        {
            "url": "casework:worklist_due", "query": "?which=overdue",
            "title": _("Overdue cases"), "count": selectors.overdue_cases(user).count(),
        },
        {
            "url": "casework:worklist_due", "query": "?which=due_soon",
            "title": _("Cases due soon"), "count": selectors.due_soon_cases(user).count(),
        },
        {
            "url": "casework:worklist_return_visits", "title": _("Return visits due"),
            "count": selectors.cases_awaiting_return_visit(user).count(),
        },
    ]


def case_events(user, resident, policy) -> list[TimelineEntry]:
    """The resident's cases: opened on which day, of which kind, where they stand."""
    cases = selectors.cases_visible_to(user).filter(resident=resident)
    return [
        TimelineEntry(
            timezone.localdate(case.opened_at), str(case.get_kind_display()),
            f"{case.number} · {case.subject} · {status_label(case.status)}",
            FieldGroup.BASIC, reverse("casework:case_detail", args=[case.pk]),
        )
        for case in cases
    ]
