"""Casework's cards on the morning overview (residents:worklists) and its resident timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases import selectors
from casework.cases.sensitivity import details_visible, shown_subject
from casework.engine.workflows import status_label
from residents.access.fields import FieldGroup
from residents.access.policy import record_group
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
    """The resident's cases: opened on which day, of which kind, where they stand; a
    restricted affair the user does not handle under its neutral label."""
    cases = list(selectors.cases_visible_to(user).filter(resident=resident))
    visible = details_visible(user, cases, {resident.pk: policy})
    entries = []
    for case in cases:
        shown = visible[case.pk]
        # A restricted case shows as basic information; one shown in full belongs to its group
        # (read logging records it), and shown beyond the user's groups only to its handler.
        group = record_group(case) if shown else FieldGroup.BASIC
        entries.append(TimelineEntry(
            timezone.localdate(case.opened_at), str(case.get_kind_display()),
            f"{case.number} · {shown_subject(case, shown)} · {status_label(case.status)}",
            group, reverse("casework:case_detail", args=[case.pk]),
            handled=shown and not policy.can_see_group(group),
        ))
    return entries
