"""State changes of services handled for residents and of community activities (SVC-1, SVC-2).

Every function is one transaction that locks the rows it changes; auditlog records the writes
(all these models are registered). Refusals raise `ActionRefused` naming the form field they
concern, so a view can show the message next to that field.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.activities.kinds import REGISTERED_ONLY, age_class_refusal, eligibility_refusal
from residents.common.errors import ActionRefused
from residents.common.validation import refuse_future
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

FINAL_OUTCOMES = frozenset(
    {ServiceOutcome.APPROVED, ServiceOutcome.REJECTED, ServiceOutcome.WITHDRAWN}
)


def _require_verified(resident: Resident) -> None:
    # Only registered (verified) residents have an archive file these records belong to.
    if resident.status != RegistrationStatus.VERIFIED:
        raise ActionRefused(_("Only verified residents can take part."), field="archive_number")


def _full_clean(instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ActionRefused(messages[0], field=None if field == "__all__" else field) from exc


# --- services handled for a resident (SVC-1) -------------------------------------------------


def service_record_create(
    *, resident: Resident, kind: str, applied_on: datetime.date, note: str, actor
) -> ServiceRecord:
    """Record a service or application handled for a resident; it starts in progress."""
    if kind not in ServiceKind.values:
        raise ActionRefused(_("Choose a service from the list."), field="kind")
    refuse_future(applied_on, field="applied_on")
    # Who may use the kind (CLS-5) and which age class it serves (CLS-4).
    refusal = eligibility_refusal(
        resident, registered_only=kind in REGISTERED_ONLY, name=ServiceKind(kind).label
    ) or age_class_refusal(resident, kind)
    if refusal:
        raise ActionRefused(refusal, field="kind")
    with transaction.atomic():
        record = ServiceRecord(
            resident=resident,
            kind=kind,
            applied_on=applied_on,
            note=note.strip(),
            handled_by=actor,
            outcome=ServiceOutcome.IN_PROGRESS,
        )
        _full_clean(record)
        record.save()
    return record


def service_record_set_outcome(
    *, record: ServiceRecord, outcome: str, outcome_on: datetime.date, actor
) -> ServiceRecord:
    """Close a service with its outcome; a final outcome is never changed afterwards."""
    if outcome not in FINAL_OUTCOMES:
        raise ActionRefused(
            _("Choose the outcome: approved, not approved or withdrawn."), field="outcome"
        )
    refuse_future(outcome_on, field="outcome_on")
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if locked.outcome in FINAL_OUTCOMES:
            raise ActionRefused(_("The outcome of this service is final and cannot be changed."))
        if outcome_on < locked.applied_on:
            raise ActionRefused(
                _("The outcome cannot be dated before the application (%(date)s).")
                % {"date": locked.applied_on.isoformat()},
                field="outcome_on",
            )
        locked.outcome = outcome
        locked.outcome_on = outcome_on
        _full_clean(locked)
        locked.save(update_fields=["outcome", "outcome_on"])
    return locked


# --- community activities (SVC-2) ---------------------------------------------------------------


def activity_create(
    *,
    title: str,
    kind: str,
    held_on: datetime.date,
    place: str,
    description: str,
    team: VolunteerTeam | None,
    actor,
) -> Activity:
    with transaction.atomic():
        activity = Activity(
            title=title.strip(),
            kind=kind,
            held_on=held_on,
            place=place.strip(),
            description=description.strip(),
            team=team,
            organised_by=actor,
        )
        _full_clean(activity)
        activity.save()
    return activity


def participation_add(*, activity: Activity, resident: Resident, actor) -> Participation:
    """Sign a resident up for an activity; nobody takes part twice in the same activity."""
    _require_verified(resident)
    duplicate = _("This resident is already a participant of this activity.")
    with transaction.atomic():
        # The activity row serialises sign-ups, so the check below sees concurrent ones.
        Activity.objects.select_for_update().get(pk=activity.pk)
        if Participation.objects.filter(activity=activity, resident=resident).exists():
            raise ActionRefused(duplicate, field="archive_number")
        participation = Participation(activity=activity, resident=resident)
        _full_clean(participation, validate_constraints=False)
        try:
            with transaction.atomic():
                participation.save()
        except IntegrityError as exc:
            raise ActionRefused(duplicate, field="archive_number") from exc
    return participation


def participation_set_attendance(
    *, participation: Participation, attended: bool, actor
) -> Participation:
    with transaction.atomic():
        locked = (
            Participation.objects.select_for_update()
            .select_related("activity")
            .get(pk=participation.pk)
        )
        if locked.activity.held_on > timezone.localdate():
            raise ActionRefused(_("Attendance can be recorded from the day of the activity on."))
        if locked.attended != attended:
            locked.attended = attended
            locked.save(update_fields=["attended"])
    return locked


# --- volunteer teams ------------------------------------------------------------------------


def volunteer_team_create(
    *, name: str, description: str, created_on: datetime.date, actor
) -> VolunteerTeam:
    refuse_future(created_on, field="created_on")
    name = " ".join(name.split())
    taken = _("A volunteer team with this name already exists.")
    with transaction.atomic():
        if VolunteerTeam.objects.filter(name=name).exists():
            raise ActionRefused(taken, field="name")
        team = VolunteerTeam(name=name, description=description.strip(), created_on=created_on)
        _full_clean(team, validate_unique=False)
        try:
            with transaction.atomic():
                team.save()
        except IntegrityError as exc:
            raise ActionRefused(taken, field="name") from exc
    return team


def volunteer_join(
    *, team: VolunteerTeam, resident: Resident, joined_on: datetime.date, actor
) -> VolunteerMembership:
    """A resident joins a team; earlier memberships stay as history."""
    _require_verified(resident)
    refuse_future(joined_on, field="joined_on")
    current = _("This resident is already a current member of this team.")
    with transaction.atomic():
        # The team row serialises joins, so two at once cannot both pass the check below.
        locked_team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
        if joined_on < locked_team.created_on:
            raise ActionRefused(
                _("The team was founded on %(date)s; nobody joined before that.")
                % {"date": locked_team.created_on.isoformat()},
                field="joined_on",
            )
        earlier = VolunteerMembership.objects.filter(team=locked_team, resident=resident)
        if earlier.filter(left_on__isnull=True).exists():
            raise ActionRefused(current, field="archive_number")
        last_left = earlier.order_by("-left_on").values_list("left_on", flat=True).first()
        if last_left is not None and joined_on < last_left:
            raise ActionRefused(
                _("The resident left this team on %(date)s; rejoining must be on or after it.")
                % {"date": last_left.isoformat()},
                field="joined_on",
            )
        membership = VolunteerMembership(team=locked_team, resident=resident, joined_on=joined_on)
        _full_clean(membership, validate_constraints=False)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError as exc:
            raise ActionRefused(current, field="archive_number") from exc
    return membership


def volunteer_leave(
    *, membership: VolunteerMembership, left_on: datetime.date, actor
) -> VolunteerMembership:
    refuse_future(left_on, field="left_on")
    with transaction.atomic():
        locked = VolunteerMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.left_on is not None:
            raise ActionRefused(_("This membership has already ended."))
        if left_on < locked.joined_on:
            raise ActionRefused(
                _("Leaving cannot be dated before joining (%(date)s).")
                % {"date": locked.joined_on.isoformat()},
                field="left_on",
            )
        locked.left_on = left_on
        locked.save(update_fields=["left_on"])
    return locked
