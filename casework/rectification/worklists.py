"""Rectification on the work lists and on the responsible person's home: overdue ones first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.rectification import selectors
from residents.worklists.homes import LINES_SHOWN, MINE, TO_HANDLE


def rectification_cards(user) -> list[dict]:
    if not user.has_perm("casework.view_case"):
        return []
    overdue = selectors.overdue_rectifications(user)
    if not user.has_perm(selectors.VIEW_PERMISSION):
        overdue = overdue.filter(handler=user)
    return [{
        "url": "casework:rectification_list", "query": "?which=overdue",
        "title": _("Overdue rectifications"), "count": overdue.count(),
    }]


def _item(case, today) -> dict:
    return {
        "label": f"{case.number} · {case.subject}",
        "url": reverse("casework:case_detail", args=[case.pk]),
        "note": _("rectify by %(day)s") % {"day": date_format(case.due_on, "SHORT_DATE_FORMAT")},
        "late": case.due_on < today,
    }


def rectification_home_lines(user) -> list[dict]:
    """The responsible person's open rectifications (overdue first); for who checks them, the
    overdue ones of everybody."""
    if not user.has_perm("casework.view_case"):
        return []
    today = timezone.localdate()
    groups = []
    mine = selectors.open_rectifications(user).filter(handler=user).order_by("due_on", "pk")
    if mine.exists():
        groups.append({
            "section": MINE, "order": 32, "title": _("My rectifications"),
            "count": mine.count(), "url": reverse("casework:rectification_list") + "?which=mine",
            "items": [_item(case, today) for case in mine[:LINES_SHOWN]],
        })
    overdue = selectors.overdue_rectifications(user, today).order_by("due_on", "pk")
    # Shown only while there is one: a manager's list of what waits stays short.
    if user.has_perm("casework.check_rectification") and overdue.exists():
        groups.append({
            "section": TO_HANDLE, "order": 35, "title": _("Overdue rectifications"),
            "count": overdue.count(),
            "url": reverse("casework:rectification_list") + "?which=overdue",
            "items": [_item(case, today) for case in overdue[:LINES_SHOWN]],
        })
    return groups
