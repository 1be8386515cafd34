"""Who holds each step of the review chain (AFF-3) and who owns a case's current step (AFF-8).

An affair's initial review belongs to the members of the business department named on its
catalogue item; its second review to the staff given that duty (a supervisor or a business
head); its final approval to the community head or a person they authorised. Items that name
no department yet are reviewed by any holder of the review permission, as before departments
existed. The engine asks `duty_refusal` under the case's row lock; the pages ask it to leave a
button out.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from casework.models import Case, CaseKind, Department, ReviewDuty, ReviewDutyKind
from residents.common.errors import ActionRefused

INITIAL_REVIEW = "initial_review"
SECOND_REVIEW = ReviewDutyKind.SECOND_REVIEW.value
FINAL_APPROVAL = ReviewDutyKind.FINAL_APPROVAL.value

# The review step waiting in each status of an affair (the second one only when needed).
_PENDING = {"accepted": INITIAL_REVIEW, "second_reviewed": FINAL_APPROVAL}


def chain_applies(case: Case) -> bool:
    """Real roles hold the chain of an affair whose item names a business department."""
    return (
        case.kind == CaseKind.AFFAIR
        and case.affair_item_id is not None
        and case.affair_item.department_id is not None
    )


def pending_duty(case: Case) -> str:
    """The review step the case waits for now ("" when none)."""
    if case.kind != CaseKind.AFFAIR:
        return ""
    if case.status == "initial_reviewed":
        return SECOND_REVIEW if case.needs_second_review else FINAL_APPROVAL
    return _PENDING.get(case.status, "")


def holds_duty(user, case: Case, duty: str) -> bool:
    if duty == INITIAL_REVIEW:
        return case.affair_item.department.members.filter(pk=user.pk).exists()
    return ReviewDuty.objects.filter(user_id=user.pk, duty=duty).exists()


def duty_refusal(case: Case, duty: str, actor) -> ActionRefused | None:
    """Why `actor` may not take the review step of `duty` on `case`, or None."""
    if not duty or not chain_applies(case) or holds_duty(actor, case, duty):
        return None
    if duty == INITIAL_REVIEW:
        return ActionRefused(
            _("The initial review of case %(number)s belongs to the business department "
              "“%(department)s”; you are not one of its members.")
            % {"number": case.number, "department": case.affair_item.department.name}
        )
    return ActionRefused(
        _("“%(duty)s” of case %(number)s is given only by staff a manager gave that duty.")
        % {"duty": ReviewDutyKind(duty).label, "number": case.number}
    )


def reviews_now(user, case: Case) -> bool:
    """The user holds the review step the case waits for (and so must read its details)."""
    duty = pending_duty(case)
    return bool(duty) and chain_applies(case) and holds_duty(user, case, duty)


def reviewer_q(user) -> Q:
    """`reviews_now` as a filter over cases."""
    held = set(ReviewDuty.objects.filter(user_id=user.pk).values_list("duty", flat=True))
    chained = Q(kind=CaseKind.AFFAIR, affair_item__department__isnull=False)
    # A subquery, not a join: the filter is OR-ed into searches and must not repeat rows.
    member = Department.members.through.objects.filter(
        department_id=OuterRef("affair_item__department_id"), user_id=user.pk
    )
    q = Q(status="accepted") & Q(Exists(member))
    if SECOND_REVIEW in held:
        q |= Q(status="initial_reviewed", needs_second_review=True)
    if FINAL_APPROVAL in held:
        q |= Q(status="initial_reviewed", needs_second_review=False) | Q(status="second_reviewed")
    return chained & q


def step_owners(case: Case) -> list:
    """Who must act on the step the case stands on: the holders of its review duty, or the
    handler for every other step."""
    User = get_user_model()
    duty = pending_duty(case)
    if duty and chain_applies(case):
        if duty == INITIAL_REVIEW:
            owners = case.affair_item.department.members.filter(is_active=True)
        else:
            owners = User.objects.filter(
                is_active=True, pk__in=ReviewDuty.objects.filter(duty=duty).values("user_id")
            )
        return list(owners.order_by("pk"))
    if case.handler_id and case.handler.is_active:
        return [case.handler]
    return []
