"""Cases that reveal a resident's economic or health status (AFF-7, ACC-1): which they are,
who handles them, and what the others see.

An affair whose catalogue item reveals status (低保, 特困, disability, serious illness) is
comprehensive information. Whether a user sees its details is decided by the one field
policy (`residents.access.policy.sees_details`): users who see the sensitive group of the
resident, and the staff who handle the case (opened it or took one of its steps). Everyone
else who may see the case at all sees that it exists, under a neutral label that does not
name the kind of affair, and cannot act on it. Registered with the policy from
`CaseworkConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

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
    """The user opened the case or took one of its steps (the handler and the reviewers)."""
    return case.opened_by_id == user.pk or case.steps.filter(actor_id=user.pk).exists()


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
            handles = case.opened_by_id == user.pk or case.pk in stepped
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
        | Q(Exists(stepped))
    )


def shown_subject(case: Case, visible: bool) -> str:
    return case.subject if visible else str(RESTRICTED_SUBJECT)
