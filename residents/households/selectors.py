"""Reads of households, memberships and social contacts, scoped to the acting user.

Memberships and contacts are comprehensive information (RECORD_GROUPS: SENSITIVE): a row is
returned only when its resident is visible to the user and the user's policy for that resident
covers the record's group. Views check model permissions; these functions check visibility.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policies_for, policy_for
from residents.common.timeline import TimelineEntry
from residents.models import Household, HouseholdMembership, Relationship, Resident, SocialContact
from residents.people.selectors import record_for_user, residents_visible_to

HOUSEHOLD_VIEW_PERMISSION = "residents.view_household"


def households_search(user, *, query: str = "") -> QuerySet[Household]:
    """Households by number or address fragment, with their current member count."""
    if not user.has_perm(HOUSEHOLD_VIEW_PERMISSION):
        return Household.objects.none()
    households = Household.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    ).order_by("number")
    query = query.strip()
    if query:
        households = households.filter(
            Q(number__icontains="".join(query.split())) | Q(address__contains=query)
        )
    return households


def household_for_user(user, household_pk: int) -> Household:
    if not user.has_perm(HOUSEHOLD_VIEW_PERMISSION):
        raise Http404
    try:
        return Household.objects.get(pk=household_pk)
    except (Household.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def household_by_number(user, number: str) -> Household | None:
    if not user.has_perm(HOUSEHOLD_VIEW_PERMISSION):
        return None
    return Household.objects.filter(number__iexact="".join(number.split())).first()


def household_has_head(household: Household) -> bool:
    return HouseholdMembership.objects.filter(
        household=household, left_on__isnull=True, relationship=Relationship.HEAD
    ).exists()


@dataclass(frozen=True)
class MemberRow:
    membership: HouseholdMembership
    resident: Resident
    policy: FieldPolicy


def _visible_rows(user, memberships: list[HouseholdMembership]) -> list[MemberRow]:
    """Rows of memberships whose resident and whose record group the user may see."""
    visible_pks = set(
        residents_visible_to(user)
        .filter(pk__in={m.resident_id for m in memberships})
        .values_list("pk", flat=True)
    )
    residents = [m.resident for m in memberships if m.resident_id in visible_pks]
    policies = policies_for(user, residents)
    return [
        MemberRow(m, m.resident, policies[m.resident_id])
        for m in memberships
        if m.resident_id in visible_pks and policies[m.resident_id].can_see_record(m)
    ]


def household_members(user, household: Household) -> tuple[list[MemberRow], list[MemberRow]]:
    """(current members, head first; former members, latest first) as far as the user may see."""
    memberships = list(
        HouseholdMembership.objects.filter(household=household)
        .select_related("resident", "recorded_by")
        .order_by("left_on", "joined_on", "pk")
    )
    rows = _visible_rows(user, memberships)
    current = sorted(
        (row for row in rows if row.membership.left_on is None),
        key=lambda row: (row.membership.relationship != Relationship.HEAD,
                         row.membership.joined_on, row.membership.pk),
    )
    former = sorted(
        (row for row in rows if row.membership.left_on is not None),
        key=lambda row: (row.membership.left_on, row.membership.pk),
        reverse=True,
    )
    return current, former


def heads_of(user, households: list[Household]) -> dict[int, Resident]:
    """The current head of each household, where the user may see that membership."""
    memberships = list(
        HouseholdMembership.objects.filter(
            household__in=households, left_on__isnull=True, relationship=Relationship.HEAD
        ).select_related("resident")
    )
    return {row.membership.household_id: row.resident for row in _visible_rows(user, memberships)}


def membership_for_user(user, membership_pk: int) -> HouseholdMembership:
    """The membership, or 404 when its resident or the record itself is hidden from the user."""
    queryset = HouseholdMembership.objects.select_related("household")
    return record_for_user(user, queryset, membership_pk)[0]


def memberships_of_resident(user, resident: Resident) -> QuerySet[HouseholdMembership]:
    policy = policy_for(user, resident)
    if not policy.can_see_group(FieldGroup.SENSITIVE):
        return HouseholdMembership.objects.none()
    return (
        HouseholdMembership.objects.filter(resident=resident)
        .select_related("household")
        .order_by("-joined_on", "-pk")
    )


def social_contacts_for_resident(user, resident: Resident) -> QuerySet[SocialContact]:
    if not policy_for(user, resident).can_see_group(FieldGroup.SENSITIVE):
        return SocialContact.objects.none()
    return SocialContact.objects.filter(resident=resident).order_by("pk")


def social_contact_for_user(user, social_contact_pk: int) -> SocialContact:
    """The contact, or 404 when its resident or the record itself is hidden from the user."""
    return record_for_user(user, SocialContact.objects.all(), social_contact_pk)[0]


def household_timeline(user, resident: Resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Joins and leaves of households: comprehensive information, like the memberships."""
    if not policy.can_see_group(FieldGroup.SENSITIVE):
        return []
    link = user.has_perm(HOUSEHOLD_VIEW_PERMISSION)
    entries = []
    for membership in memberships_of_resident(user, resident):
        household = membership.household
        url = reverse("residents:household_detail", args=[household.pk]) if link else ""
        values = {
            "number": household.number,
            "relationship": membership.get_relationship_display(),
        }
        entries.append(
            TimelineEntry(
                date=membership.joined_on,
                kind=_("Joined a household"),
                summary=_("Household %(number)s, as %(relationship)s") % values,
                group=FieldGroup.SENSITIVE,
                url=url,
            )
        )
        if membership.left_on is not None:
            entries.append(
                TimelineEntry(
                    date=membership.left_on,
                    kind=_("Left a household"),
                    summary=_("Household %(number)s (member since %(joined)s)")
                    % {**values, "joined": formats.date_format(membership.joined_on, "Y-m-d")},
                    group=FieldGroup.SENSITIVE,
                    url=url,
                )
            )
    return entries
