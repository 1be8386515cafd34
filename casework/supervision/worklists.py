"""Supervision's card on the work lists: the quarterly inspection not yet recorded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework.supervision.selectors import quarterly_inspection_due


def supervision_cards(user) -> list[dict]:
    if not user.has_perm("casework.add_inspection"):
        return []
    due = quarterly_inspection_due()
    if due is None:
        return []
    return [{
        "url": "casework:inspection_create", "query": "?kind=quarterly",
        "title": _("Quarterly inspection due"), "count": 1,
        "note": _("%(year)s Q%(quarter)s is not inspected yet") % {
            "year": due[0], "quarter": due[1]},
    }]
