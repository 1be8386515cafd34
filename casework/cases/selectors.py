"""Every read of cases, scoped to the acting user (DESIGN.md: selectors).

A user sees a case when they may view cases and, for a case about a resident, may see that
resident; complaints from people who are not residents need the case permission only.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from casework.engine.workflows import CLOSED_STATUSES, WAITING_STATUSES
from casework.models import Case, CaseSlip
from casework.workdays.deadlines import add_working_days
from residents.access.policy import FieldPolicy, may_see_record, policy_for
from residents.people.selectors import residents_visible_to

# "Due soon": due within this many working days from today.
DUE_SOON_WORKING_DAYS = 2


def cases_visible_to(user) -> QuerySet[Case]:
    if not user.is_authenticated or not user.has_perm("casework.view_case"):
        return Case.objects.none()
    cases = Case.objects.select_related(
        "resident", "affair_item", "opened_by", "handler", "window"
    )
    if policy_for(user).may_see_residents:
        return cases  # every resident is visible: no subquery over all of them
    return cases.filter(Q(resident__isnull=True) | Q(resident__in=residents_visible_to(user)))


def case_for_user(user, pk) -> tuple[Case, FieldPolicy]:
    """The case and the user's field policy on its resident, or 404."""
    try:
        case = cases_visible_to(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return case, policy_for(user, case.resident)


def case_for_action(user, pk) -> tuple[Case, FieldPolicy]:
    """`case_for_user` for a step, a print or a record on the case: 403 when the user may see
    only that the case exists (its details are restricted, `residents.access.policy`)."""
    case, policy = case_for_user(user, pk)
    if not may_see_record(user, policy, case):
        raise PermissionDenied
    return case, policy


def case_slip_for_user(user, pk) -> CaseSlip:
    try:
        return CaseSlip.objects.select_related("case").get(
            pk=pk, case__in=cases_visible_to(user)
        )
    except (CaseSlip.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def open_cases(user) -> QuerySet[Case]:
    return cases_visible_to(user).exclude(status__in=CLOSED_STATUSES)


def running_cases(user) -> QuerySet[Case]:
    """Open cases whose deadline runs (not waiting for the applicant)."""
    return open_cases(user).exclude(status__in=WAITING_STATUSES)


def _with_next_deadline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The nearer of each case's due date and its current step's (AFF-8; a step's limit
    never passes the case's)."""
    return cases.annotate(next_due=Coalesce("step_due_on", "due_on"))


def overdue_cases(user, today: datetime.date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    return (
        _with_next_deadline(running_cases(user)).filter(next_due__lt=today)
        .order_by("next_due", "pk")
    )


def due_soon_cases(user, today: datetime.date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return (
        _with_next_deadline(running_cases(user))
        .filter(next_due__gte=today, next_due__lte=horizon).order_by("next_due", "pk")
    )


def cases_awaiting_return_visit(user) -> QuerySet[Case]:
    return cases_visible_to(user).awaiting_return_visit().order_by("closed_at", "pk")
