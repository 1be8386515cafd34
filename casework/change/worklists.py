"""The change requests' card on the morning overview: late declarations still open (REG-10)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework.cases import selectors


def late_declarations(user):
    """Open change requests the resident declared after the set time."""
    return selectors.open_cases(user).filter(change_declaration__is_late=True)


def late_declaration_cards(user) -> list[dict]:
    if not user.has_perm("casework.view_case"):
        return []
    return [
        {
            "url": "casework:case_list", "query": "?due=open&late=1",
            "title": _("Late change declarations"),
            "count": late_declarations(user).count(),
        }
    ]
