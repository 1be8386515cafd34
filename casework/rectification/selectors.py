"""Reads of rectifications, scoped to the acting user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from casework.cases.selectors import cases_visible_to
from casework.engine.workflows import CLOSED_STATUSES
from casework.models import Case, CaseKind

VIEW_PERMISSION = "casework.view_rectification"


def rectifications(user) -> QuerySet[Case]:
    """Rectification cases the user may list: all for who may view rectifications, else the
    ones the user is responsible for."""
    cases = cases_visible_to(user).filter(kind=CaseKind.RECTIFICATION).select_related(
        "rectification"
    )
    if user.has_perm(VIEW_PERMISSION):
        return cases
    return cases.filter(handler=user)


def open_rectifications(user) -> QuerySet[Case]:
    return rectifications(user).exclude(status__in=CLOSED_STATUSES)


def overdue_rectifications(user, today=None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    return open_rectifications(user).filter(due_on__lt=today)
