"""Reads of the tracking subject, scoped to the acting user, and its timeline provider.

The re-check due rule lives in `recheck_schedule` alone: the work list, the counts and the
resident's tracking page all go through it, so they cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import (
    SENSITIVE_EMERGENCY_KINDS,
    FieldPolicy,
    policy_for,
    record_group,
)
from residents.common.timeline import TimelineEntry
from residents.models import (
    ContactKind,
    ContactRecord,
    Emergency,
    EmergencyFollowUp,
    Recheck,
    RegistrationStatus,
    Resident,
    StatusAspect,
    StatusChange,
)
from residents.people.selectors import record_for_user, residents_visible_to


class RecheckState:
    """Values of the work list's filter."""

    DUE = "due"
    OVERDUE = "overdue"
    CHOICES = (DUE, OVERDUE)


class _AddYears(Func):
    """date + N years in PostgreSQL: 29 February plus a non-leap number of years → 28 February."""

    output_field = DateField()

    def __init__(self, expression, years: int):
        super().__init__(expression)
        self.template = f"CAST(%(expressions)s + make_interval(years => {int(years)}) AS date)"


def recheck_schedule(
    queryset: QuerySet[Resident], *, today: datetime.date | None = None
) -> QuerySet[Resident]:
    """THE re-check rule (UPD-6), on verified residents of `queryset`.

    Annotates `recheck_due_on` = (last re-check, or else the local date of verification)
    + RECHECK_INTERVAL_YEARS years; `recheck_due` when that date ≤ today +
    REVIEW_DUE_WITHIN_DAYS; `recheck_overdue` when it is before today.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REVIEW_DUE_WITHIN_DAYS)
    # TruncDate uses the current time zone (Asia/Shanghai): "the date part" as the centre sees it.
    base = Coalesce("rechecked_on", TruncDate("verified_at"), output_field=DateField())
    return (
        queryset.filter(status=RegistrationStatus.VERIFIED)
        .annotate(recheck_due_on=_AddYears(base, settings.RECHECK_INTERVAL_YEARS))
        .annotate(
            recheck_due=ExpressionWrapper(
                Q(recheck_due_on__lte=horizon), output_field=BooleanField()
            ),
            recheck_overdue=ExpressionWrapper(
                Q(recheck_due_on__lt=today), output_field=BooleanField()
            ),
        )
    )


def rechecks_due(
    user, *, state: str = "", today: datetime.date | None = None
) -> QuerySet[Resident]:
    """Residents the user may see whose re-check is due or overdue; overdue (earliest) first."""
    residents = recheck_schedule(residents_visible_to(user), today=today).filter(
        recheck_due=True
    )
    if state == RecheckState.OVERDUE:
        residents = residents.filter(recheck_overdue=True)
    elif state == RecheckState.DUE:
        residents = residents.filter(recheck_overdue=False)
    return residents.only(
        "pk", "name", "archive_number", "area", "address", "rechecked_on", "verified_at",
        "status",
    ).order_by("recheck_due_on", "pk")


@dataclass(frozen=True)
class RecheckStatus:
    due_on: datetime.date | None
    due: bool
    overdue: bool


def recheck_status(resident: Resident, *, today: datetime.date | None = None) -> RecheckStatus:
    row = (
        recheck_schedule(Resident.objects.filter(pk=resident.pk), today=today)
        .values("recheck_due_on", "recheck_due", "recheck_overdue")
        .first()
    )
    if row is None or row["recheck_due_on"] is None:
        return RecheckStatus(None, False, False)
    return RecheckStatus(row["recheck_due_on"], row["recheck_due"], row["recheck_overdue"])


def recheck_counts(user, *, today: datetime.date | None = None) -> dict[str, int]:
    residents = rechecks_due(user, today=today).order_by()
    counts = residents.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(recheck_overdue=True))
    )
    return {
        RecheckState.OVERDUE: counts["overdue"],
        RecheckState.DUE: counts["total"] - counts["overdue"],
    }


# Contact records ---------------------------------------------------------------------------


def visible_contact_kinds(policy: FieldPolicy) -> list[str]:
    """Online feedback is feedback-group information; visits and calls are service needs."""
    kinds = []
    for kind in ContactKind.values:
        group = FieldGroup.FEEDBACK if kind == ContactKind.ONLINE else FieldGroup.SERVICE_NEEDS
        if policy.can_see_group(group):
            kinds.append(kind)
    return kinds


def contact_records_for(policy: FieldPolicy, resident: Resident) -> QuerySet[ContactRecord]:
    return (
        ContactRecord.objects.filter(resident=resident, kind__in=visible_contact_kinds(policy))
        .select_related("staff")
        .order_by("-occurred_on", "-pk")
    )


def _record_for_user(user, model, pk):
    """The record, its resident and the user's policy; 404 when either is hidden from the user."""
    record, policy = record_for_user(user, model.objects.all(), pk)
    return record, record.resident, policy


def contact_record_for_user(user, pk: int):
    return _record_for_user(user, ContactRecord, pk)


# Status history ----------------------------------------------------------------------------


def status_history(resident: Resident, aspect: str) -> QuerySet[StatusChange]:
    """Callers check first that the user may see comprehensive information of the resident."""
    return (
        StatusChange.objects.filter(resident=resident, aspect=aspect)
        .select_related("recorded_by")
        .order_by("-effective_on", "-pk")
    )


def status_change_for_user(user, pk: int):
    return _record_for_user(user, StatusChange, pk)


# Emergencies -------------------------------------------------------------------------------


def visible_emergencies(user, policy: FieldPolicy, emergencies: QuerySet) -> QuerySet[Emergency]:
    """The emergencies whose details the user may see: `access.policy.sees_details` as a
    filter. A serious illness reveals health status: it shows to those who see comprehensive
    information and to the staff who handle it (recorded it or a follow-up); others' lists
    leave it out, as they leave out 低保 applications."""
    if not policy.can_see_group(FieldGroup.SERVICE_NEEDS):
        return emergencies.none()
    if policy.can_see_group(FieldGroup.SENSITIVE):
        return emergencies
    handled = Q(recorded_by=user) | Q(
        Exists(EmergencyFollowUp.objects.filter(emergency=OuterRef("pk"), recorded_by=user))
    )
    return emergencies.filter(~Q(kind__in=SENSITIVE_EMERGENCY_KINDS) | handled)


def emergencies_for(user, policy: FieldPolicy, resident: Resident) -> QuerySet[Emergency]:
    return (
        visible_emergencies(user, policy, Emergency.objects.filter(resident=resident))
        .select_related("recorded_by")
        .annotate(follow_up_count=Count("follow_ups"), last_follow_up=Max("follow_ups__date"))
        .order_by("closed_on", "-occurred_on", "-pk")  # open ones (NULL) first in PostgreSQL
    )


def emergency_for_user(user, pk: int):
    return _record_for_user(user, Emergency, pk)


def follow_ups_of(emergency: Emergency) -> QuerySet[EmergencyFollowUp]:
    return emergency.follow_ups.select_related("recorded_by").order_by("date", "pk")


def open_emergencies(user, *, kind: str = "") -> QuerySet[Emergency]:
    """Open emergencies of residents the user may see, oldest first (the morning work list).

    Work lists are for roles: a user who sees service needs only through a grant on one
    resident gets none here (the list is refused to them anyway).
    """
    emergencies = visible_emergencies(
        user, policy_for(user),
        Emergency.objects.filter(closed_on__isnull=True, resident__in=residents_visible_to(user)),
    )
    if kind:
        emergencies = emergencies.filter(kind=kind)
    return (
        emergencies.select_related("resident", "recorded_by")
        .annotate(follow_up_count=Count("follow_ups"), last_follow_up=Max("follow_ups__date"))
        .order_by("occurred_on", "pk")
    )


# Timeline ----------------------------------------------------------------------------------


def tracking_timeline(user, resident: Resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Contacts, status changes, emergencies with their follow-ups, and re-checks."""
    entries: list[TimelineEntry] = []

    def short(text: str) -> str:
        return Truncator(text).chars(60)

    for record in contact_records_for(policy, resident):
        entries.append(TimelineEntry(
            date=record.occurred_on, kind=record.get_kind_display(), summary=short(record.summary),
            group=record_group(record),
            url=reverse("residents:contact_detail", args=[record.pk]),
        ))
    if policy.can_see_group(FieldGroup.SENSITIVE):
        labels = dict(StatusAspect.choices)
        for change in StatusChange.objects.filter(resident=resident):
            entries.append(TimelineEntry(
                date=change.effective_on,
                kind=_("Status change: %(aspect)s") % {"aspect": labels[change.aspect]},
                summary=short(change.current), group=FieldGroup.SENSITIVE,
                url=reverse("residents:status_detail", args=[change.pk]),
            ))
    if policy.can_see_group(FieldGroup.SERVICE_NEEDS):
        emergencies = visible_emergencies(
            user, policy, Emergency.objects.filter(resident=resident)
        )
        # The filter let through a serious illness beyond the user's groups only because
        # they handle it.
        handled = {
            e.pk for e in emergencies if not policy.can_see_group(record_group(e))
        }
        for emergency in emergencies:
            url = reverse("residents:emergency_detail", args=[emergency.pk])
            entries.append(TimelineEntry(
                date=emergency.occurred_on,
                kind=_("Emergency: %(kind)s") % {"kind": emergency.get_kind_display()},
                summary=short(emergency.description), group=record_group(emergency), url=url,
                handled=emergency.pk in handled,
            ))
            if emergency.closed_on:
                entries.append(TimelineEntry(
                    date=emergency.closed_on, kind=_("Emergency closed"),
                    summary=short(emergency.closing_note), group=record_group(emergency),
                    url=url, handled=emergency.pk in handled,
                ))
        follow_ups = EmergencyFollowUp.objects.filter(emergency__in=emergencies).select_related(
            "emergency"
        )
        for follow_up in follow_ups:
            entries.append(TimelineEntry(
                date=follow_up.date, kind=_("Emergency follow-up"), summary=short(follow_up.note),
                group=record_group(follow_up),
                url=reverse("residents:emergency_detail", args=[follow_up.emergency_id]),
                handled=follow_up.emergency_id in handled,
            ))
    if policy.can_see_group(FieldGroup.BASIC):
        for recheck in Recheck.objects.filter(resident=resident):
            entries.append(TimelineEntry(
                date=recheck.checked_on, kind=_("Re-check"), summary=short(recheck.note),
                group=FieldGroup.BASIC,
                url=reverse("residents:tracking", args=[resident.pk]),
            ))
    return entries
