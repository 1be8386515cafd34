"""Cases that reveal a resident's economic or health status (AFF-7, ACC-1): which they are,
who handles them, and what the others see.

An affair whose catalogue item reveals status (低保, 特困, disability, serious illness) is
comprehensive information. Whether a user sees its details is decided by the one field
policy (`residents.access.policy.sees_details`): users who see the sensitive group of the
resident, and the staff who handle the case: its handler at the window, whoever opened it or
took one of its steps, and the reviewers whose duty the step it waits for is (AFF-7). Everyone
else who may see the case at all sees that it exists, under a neutral label that does not
name the kind of affair, and cannot act on it. Registered with the policy from
`CaseworkConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from casework.duties.rules import reviewer_q, reviews_now
from casework.models import Case, CaseKind, CaseStep
from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policy_for, record_group, sees_details

# Shown instead of the subject (the item's name) where the details are not: the name of the
# item would tell what the neutral label hides.
RESTRICTED_SUBJECT = _("Affair with restricted details")


def case_group(case: Case) -> FieldGroup:
    """Comprehensive information for an affair whose item reveals status; basic otherwise."""
    if case.kind == CaseKind.AFFAIR and case.affair_item_id and case.affair_item.reveals_status:
        return FieldGroup.SENSITIVE
    return FieldGroup.BASIC


def handles_case(case: Case, user) -> bool:
    """The user handles the case, opened it, took one of its steps, or holds the review step
    it waits for (the handler and the reviewers)."""
    return (
        case.handler_id == user.pk
        or case.opened_by_id == user.pk
        or case.steps.filter(actor_id=user.pk).exists()
        or reviews_now(user, case)
    )


def details_visible(
    user, cases: Iterable[Case], policies: dict[int, FieldPolicy]
) -> dict[int, bool]:
    """`sees_details` for a page of cases, keyed by case pk, with one query for all of them.

    `policies`: the user's policy per resident pk (cases without a resident use the role's).
    """
    role = policy_for(user)
    visible: dict[int, bool] = {}
    pending: list[tuple[Case, FieldPolicy, FieldGroup]] = []
    for case in cases:
        policy = policies.get(case.resident_id, role) if case.resident_id else role
        group = record_group(case)
        if policy.can_see_group(group):
            visible[case.pk] = True
        else:
            pending.append((case, policy, group))
    if pending:
        stepped = set(
            CaseStep.objects.filter(
                case__in=[case.pk for case, _policy, _group in pending], actor_id=user.pk
            ).values_list("case_id", flat=True)
        )
        for case, policy, group in pending:
            handles = (
                user.pk in (case.opened_by_id, case.handler_id)
                or case.pk in stepped
                or reviews_now(user, case)
            )
            visible[case.pk] = sees_details(policy, group, handles=handles)
    return visible


def details_visible_q(user) -> Q:
    """The same rule as a filter, for searches in case texts: a restricted case the user does
    not handle is found by its number only, never by the words of its subject."""
    if policy_for(user).can_see_group(FieldGroup.SENSITIVE):
        return Q()
    stepped = CaseStep.objects.filter(case=OuterRef("pk"), actor_id=user.pk)
    return (
        ~Q(kind=CaseKind.AFFAIR, affair_item__reveals_status=True)
        | Q(opened_by_id=user.pk)
        | Q(handler_id=user.pk)
        | Q(Exists(stepped))
        | reviewer_q(user)
    )


def shown_subject(case: Case, visible: bool) -> str:
    return case.subject if visible else str(RESTRICTED_SUBJECT)
