"""The case list's search and filters, read through one function by the list page and its
export (DAT-2), so that both always select the same cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from casework.cases import selectors
from casework.cases.forms import CaseFilterForm
from casework.cases.sensitivity import details_visible_q
from casework.models import Case

FILTER_NAMES = ("q", "kind", "status", "due", "window", "handler", "late")


def cases_matching(user, params) -> tuple[CaseFilterForm, QuerySet[Case]]:
    """The filter form bound to `params` (None or empty: unbound) and the cases it selects."""
    form = CaseFilterForm(params or None)
    cases = selectors.cases_visible_to(user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            # Subjects of restricted affairs the user does not handle are not searched.
            cases = cases.filter(
                Q(number__iexact=data["q"])
                | (Q(subject__icontains=data["q"]) & details_visible_q(user))
            )
        if data["kind"]:
            cases = cases.filter(kind=data["kind"])
        if data["status"]:
            kind, _sep, status = data["status"].rpartition(":")
            cases = cases.filter(status=status)
            if kind:
                cases = cases.filter(kind=kind)
        due = {
            "overdue": selectors.overdue_cases,
            "due_soon": selectors.due_soon_cases,
            "open": selectors.open_cases,
        }.get(data["due"])
        if due:
            cases = cases.filter(pk__in=due(user).values("pk"))
        if data["window"]:
            cases = cases.filter(window=data["window"])
        if data["handler"]:
            handler = user.pk if data["handler"] == "mine" else int(data["handler"])
            cases = cases.filter(handler_id=handler)
        if data["late"]:
            # Change requests declared after the set time (REG-10).
            cases = cases.filter(change_declaration__is_late=True)
    return form, cases
