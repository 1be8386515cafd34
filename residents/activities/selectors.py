"""Reads of services, activities and volunteer teams, scoped to the acting user.

Records about a resident are returned only when the user may see that resident and the record's
field group (`access.record_group`): a 低保/特困 application is comprehensive information, so a
front-desk user's lists leave it out altogether rather than masking it.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policy_for, service_kind_group
from residents.activities.kinds import DUE_FILES
from residents.common.timeline import TimelineEntry
from residents.models import (
    Activity,
    Participation,
    RegistrationStatus,
    Resident,
    ServiceKind,
    ServiceOutcome,
    ServiceRecord,
    VolunteerMembership,
    VolunteerTeam,
)
from residents.people.classification import age_group_filter
from residents.people.selectors import record_for_user, residents_visible_to


def visible_service_kinds(policy: FieldPolicy) -> list[str]:
    return [kind for kind in ServiceKind.values if policy.can_see_group(service_kind_group(kind))]


# --- services handled for a resident -------------------------------------------------------


def service_records_for_resident(user, resident: Resident, policy: FieldPolicy):
    return (
        ServiceRecord.objects.filter(resident=resident, kind__in=visible_service_kinds(policy))
        .select_related("handled_by")
        .order_by("-applied_on", "-pk")
    )


def service_record_for_user(user, pk: int) -> tuple[ServiceRecord, FieldPolicy]:
    return record_for_user(user, ServiceRecord.objects.select_related("handled_by"), pk)


def open_service_records(user, *, kind: str = "") -> QuerySet[ServiceRecord]:
    """Services still in progress, oldest application first (the front desk's follow-up list).

    Kinds come from the role policy: grants widen access to single residents, never a list.
    """
    kinds = visible_service_kinds(policy_for(user))
    if kind:
        kinds = [k for k in kinds if k == kind]
    return (
        ServiceRecord.objects.filter(
            outcome=ServiceOutcome.IN_PROGRESS,
            kind__in=kinds,
            resident__in=residents_visible_to(user),
        )
        .select_related("resident", "handled_by")
        .order_by("applied_on", "pk")
    )


# --- activities ----------------------------------------------------------------------------


def activities_list(
    user,
    *,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Activity]:
    """Activities with their counts; counts are numbers only and name nobody."""
    activities = Activity.objects.select_related("team", "organised_by").annotate(
        participant_count=Count("participations"),
        attended_count=Count("participations", filter=Q(participations__attended=True)),
    )
    if kind:
        activities = activities.filter(kind=kind)
    if date_from:
        activities = activities.filter(held_on__gte=date_from)
    if date_to:
        activities = activities.filter(held_on__lte=date_to)
    return activities.order_by("-held_on", "-pk")


def activity_for_user(user, pk: int) -> Activity:
    return get_object_or_404(activities_list(user), pk=pk)


def participations_shown(user, activity: Activity) -> QuerySet[Participation]:
    """Participants the user may see (their residents are visible); others are left out."""
    return (
        Participation.objects.filter(
            activity=activity, resident__in=residents_visible_to(user)
        )
        .select_related("resident")
        .order_by("resident__name_sort_key", "pk")
    )


def participation_for_user(user, pk: int) -> tuple[Participation, FieldPolicy]:
    return record_for_user(user, Participation.objects.select_related("activity"), pk)


# --- volunteer teams -----------------------------------------------------------------------


def teams_list(user) -> QuerySet[VolunteerTeam]:
    return VolunteerTeam.objects.annotate(
        current_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)),
        activity_count=Count("activities", distinct=True),
    ).order_by("name")


def team_for_user(user, pk: int) -> VolunteerTeam:
    return get_object_or_404(teams_list(user), pk=pk)


def memberships_shown(user, team: VolunteerTeam) -> QuerySet[VolunteerMembership]:
    """Current members first, then the history; only residents the user may see."""
    return (
        VolunteerMembership.objects.filter(team=team, resident__in=residents_visible_to(user))
        .select_related("resident")
        .order_by(F("left_on").desc(nulls_first=True), "resident__name_sort_key", "pk")
    )


def membership_for_user(user, pk: int) -> tuple[VolunteerMembership, FieldPolicy]:
    return record_for_user(user, VolunteerMembership.objects.select_related("team"), pk)


# --- the resident's timeline ---------------------------------------------------------------


def activity_timeline(user, resident: Resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Services, activity participations and volunteer memberships the policy lets the user see."""
    entries: list[TimelineEntry] = []
    kinds = visible_service_kinds(policy)
    if kinds:
        url = reverse("residents:service_list", args=[resident.pk])
        for record in ServiceRecord.objects.filter(resident=resident, kind__in=kinds):
            summary = f"{record.get_kind_display()} · {record.get_outcome_display()}"
            if record.outcome_on:
                summary += f" ({record.outcome_on.isoformat()})"
            entries.append(
                TimelineEntry(
                    date=record.applied_on,
                    kind=_("Service"),
                    summary=summary,
                    group=service_kind_group(record.kind),
                    url=url,
                )
            )
    if not policy.can_see_group(FieldGroup.BASIC):
        return entries
    participations = Participation.objects.filter(resident=resident).select_related("activity")
    for participation in participations:
        activity = participation.activity
        attended = _("attended") if participation.attended else _("signed up")
        entries.append(
            TimelineEntry(
                date=activity.held_on,
                kind=_("Community activity"),
                summary=f"{activity.title} · {activity.get_kind_display()} · {attended}",
                group=FieldGroup.BASIC,
                url=reverse("residents:activity_detail", args=[activity.pk]),
            )
        )
    memberships = VolunteerMembership.objects.filter(resident=resident).select_related("team")
    for membership in memberships:
        team_url = reverse("residents:team_detail", args=[membership.team_id])
        entries.append(
            TimelineEntry(
                date=membership.joined_on,
                kind=_("Volunteer team"),
                summary=_("Joined %(team)s") % {"team": membership.team.name},
                group=FieldGroup.BASIC,
                url=team_url,
            )
        )
        if membership.left_on:
            entries.append(
                TimelineEntry(
                    date=membership.left_on,
                    kind=_("Volunteer team"),
                    summary=_("Left %(team)s") % {"team": membership.team.name},
                    group=FieldGroup.BASIC,
                    url=team_url,
                )
            )
    return entries


# --- files due per age class (CLS-4) ----------------------------------------------------------


def due_file_kinds(user) -> list[str]:
    """The due-file kinds whose list the user may open: those whose records they may see (a
    health file is comprehensive information, so its absence is too)."""
    visible = set(visible_service_kinds(policy_for(user)))
    return [kind for _group, kind in DUE_FILES if kind in visible]


def residents_missing_file(user, kind: str) -> QuerySet[Resident]:
    """Verified residents of the kind's age class today without a record of that kind
    (rejected or withdrawn ones do not count), e.g. the elderly without a health file."""
    group = dict((kind, group) for group, kind in DUE_FILES)[kind]
    policy = policy_for(user)
    having = ServiceRecord.objects.filter(kind=kind).exclude(
        outcome__in=[ServiceOutcome.REJECTED, ServiceOutcome.WITHDRAWN]
    )
    return (
        residents_visible_to(user)
        .filter(status=RegistrationStatus.VERIFIED)
        .filter(age_group_filter(group, year_only=policy.birth_year_only))
        .exclude(pk__in=having.values("resident_id"))
        .order_by("archive_number", "pk")
    )
