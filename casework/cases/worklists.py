"""Casework's cards on the morning overview (residents:worklists) and its resident timeline."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.cases import selectors
from casework.cases.sensitivity import details_visible, shown_subject
from casework.complaints.services import PUBLISH_PERMISSION, PUBLISHABLE_STATUS
from casework.engine.workflows import status_label
from casework.models import Case, CaseKind, CaseSlip
from residents.access.fields import FieldGroup
from residents.access.policy import record_group
from residents.common.timeline import TimelineEntry
from residents.worklists.homes import LINES_SHOWN, MINE, TO_HANDLE

# Affairs whose next step is a review or an approval (AFF-3): initial review, second review,
# approval.
AFFAIR_REVIEW_STATUSES = ("accepted", "initial_reviewed", "second_reviewed")


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
    # Only the affair item (which says whether a case is restricted) is read with the cases.
    cases = list(
        selectors.cases_visible_to(user).filter(resident=resident)
        .select_related(None).select_related("affair_item")
    )
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


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _case_item(case: Case, *, late: bool = False) -> dict:
    # Number, kind and dates only: the subject of a restricted affair may tell a status.
    return {
        "label": f"{case.number} · {case.get_kind_display()}",
        "url": reverse("casework:case_detail", args=[case.pk]),
        "note": _("due %(day)s") % {"day": _day(case.due_on)},
        "late": late,
    }


def _case_group(section, order, title, cases, url, *, late=False) -> dict:
    return {
        "section": section, "order": order, "title": title, "count": cases.count(), "url": url,
        "items": [_case_item(case, late=late) for case in cases[:LINES_SHOWN]],
    }


def case_home_lines(user) -> list[dict]:
    """The front desk's own cases by deadline and its unsigned case slips; what waits for a
    manager's review, approval or publication (待我处理), oldest first."""
    if not user.has_perm("casework.view_case"):
        return []
    case_list = reverse("casework:case_list")
    groups = []
    if user.has_perm("casework.add_case"):
        mine = Q(opened_by=user)
        groups.append(_case_group(
            MINE, 30, _("My cases overdue"), selectors.overdue_cases(user).filter(mine),
            reverse("casework:worklist_due") + "?which=overdue", late=True,
        ))
        groups.append(_case_group(
            MINE, 31, _("My cases due soon"), selectors.due_soon_cases(user).filter(mine),
            reverse("casework:worklist_due") + "?which=due_soon",
        ))
        unsigned = CaseSlip.objects.filter(
            printed_by=user, signed_on__isnull=True, case__in=selectors.cases_visible_to(user)
        ).select_related("case").order_by("printed_at", "pk")
        groups.append({
            "section": MINE, "order": 41, "title": _("Case slips printed, not yet signed"),
            "count": unsigned.count(), "url": "",
            "items": [
                {
                    "label": f"{slip.case.number} · {slip.get_kind_display()}",
                    "url": reverse("casework:case_detail", args=[slip.case_id]),
                    "note": _day(timezone.localtime(slip.printed_at).date()),
                }
                for slip in unsigned[:LINES_SHOWN]
            ],
        })
    oldest = ("opened_at", "pk")
    if user.has_perm("casework.approve_case"):
        changes = selectors.cases_visible_to(user).filter(
            kind=CaseKind.CHANGE, status="verified"
        ).order_by(*oldest)
        groups.append(_case_group(
            TO_HANDLE, 10, _("Changes verified, waiting for approval"), changes,
            f"{case_list}?kind=change&status=change:verified",
        ))
    if user.has_perm("casework.review_case") or user.has_perm("casework.approve_case"):
        affairs = selectors.cases_visible_to(user).filter(
            kind=CaseKind.AFFAIR, status__in=AFFAIR_REVIEW_STATUSES
        ).order_by(*oldest)
        groups.append(_case_group(
            TO_HANDLE, 20, _("Affairs waiting for a review step"), affairs,
            f"{case_list}?kind=affair",
        ))
    if user.has_perm(PUBLISH_PERMISSION):
        unpublished = selectors.cases_visible_to(user).filter(
            kind=CaseKind.COMPLAINT, status=PUBLISHABLE_STATUS, published_at__isnull=True
        ).order_by("closed_at", "pk")
        groups.append(_case_group(
            TO_HANDLE, 30, _("Handled complaints waiting for publication"), unpublished,
            f"{case_list}?kind=complaint&status=complaint:{PUBLISHABLE_STATUS}",
        ))
    return groups
