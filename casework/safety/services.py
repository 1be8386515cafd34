"""Recording community safety and environment work (SAF-1, SAF-2) and keeping the garbage
collection schedule. A record whose findings need rectifying opens a rectification case
(`casework.rectification.services.rectification_issue`, with `safety_record=`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from casework.models import (
    GarbageSchedule,
    PhotoStage,
    SafetyKind,
    SafetyPhoto,
    SafetyRecord,
)
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import is_future
from residents.documents.services import document_store

ADD_PERMISSION = "casework.add_safetyrecord"
VIEW_PERMISSION = "casework.view_safetyrecord"
# Records of community work cannot predate this system by decades.
EARLIEST_RECORD = datetime.date(2000, 1, 1)
PHOTO_TYPES = ("jpeg", "png")


@dataclass(frozen=True)
class PhotoInput:
    stage: str
    data: bytes


def _require(value, message, field: str) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ActionRefused(message, field=field)


def _kind_rules(kind: str, fields: dict) -> None:
    """What each kind of record must say (SAF-1): a patrol its route, time and people; a
    training how many took part; a food-safety inspection the department that joined …"""
    if kind == SafetyKind.PATROL:
        _require(fields["start_time"], _("Give the time the patrol started."), "start_time")
    if kind == SafetyKind.FIRE_TRAINING:
        _require(fields["participant_count"], _("Give the number of participants."),
                 "participant_count")
        _require(fields["content"], _("Describe what the training covered."), "content")
    if kind == SafetyKind.FOOD_INSPECTION:
        _require(fields["department"],
                 _("Name the department that joined the inspection (or write “none”)."),
                 "department")
    if kind == SafetyKind.GARBAGE and not (fields["quantity"] or fields["destination"]):
        raise ActionRefused(_("Give the quantity collected or where it was taken."),
                            field="quantity")
    if kind in (SafetyKind.GREENING, SafetyKind.CLEANUP):
        _require(fields["content"], _("Describe the work done."), "content")


def safety_record_create(
    *,
    actor,
    kind: str,
    occurred_on: datetime.date,
    place: str,
    people: str,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    participant_count: int | None = None,
    department: str = "",
    quantity: str = "",
    destination: str = "",
    content: str = "",
    findings: str = "",
    problem_found: bool = False,
    photos: list[PhotoInput] = (),
) -> SafetyRecord:
    """Record one patrol, inspection, training, collection or campaign, with its photos
    (images only, kept in the one document store)."""
    require_perm(actor, ADD_PERMISSION)
    if kind not in SafetyKind.values:
        raise ActionRefused(_("Choose the kind of record."), field="kind")
    if occurred_on is None or is_future(occurred_on):
        raise ActionRefused(_("The date cannot be in the future."), field="occurred_on")
    if occurred_on < EARLIEST_RECORD:
        raise ActionRefused(_("The date is too long ago: check the year."), field="occurred_on")
    fields = {
        "place": (place or "").strip(), "people": (people or "").strip(),
        "start_time": start_time, "end_time": end_time, "participant_count": participant_count,
        "department": (department or "").strip(), "quantity": (quantity or "").strip(),
        "destination": (destination or "").strip(), "content": (content or "").strip(),
        "findings": (findings or "").strip(),
    }
    _require(fields["place"], _("Give the route or place."), "place")
    _require(fields["people"], _("Name who took part."), "people")
    if start_time and end_time and end_time < start_time:
        raise ActionRefused(_("The end time is before the start time."), field="end_time")
    _kind_rules(kind, fields)
    if problem_found and not fields["findings"]:
        raise ActionRefused(_("Describe the problems found."), field="findings")
    for photo in photos:
        if photo.stage not in PhotoStage.values:
            raise ActionRefused(_("Choose whether the photo was taken before or after."))
    with transaction.atomic():
        record = SafetyRecord(
            kind=kind, occurred_on=occurred_on, problem_found=problem_found,
            recorded_by=actor, **fields,
        )
        record.full_clean()
        record.save()
        for photo in photos:
            document = document_store(
                data=photo.data, kind="photo", uploaded_by=actor, allowed=PHOTO_TYPES
            )
            SafetyPhoto.objects.create(record=record, stage=photo.stage, document=document)
    return record


def garbage_schedule_save(
    *, actor, area: str, days: str, collection_time: datetime.time, collector: str,
    destination: str, active: bool = True, schedule: GarbageSchedule | None = None,
) -> GarbageSchedule:
    require_perm(
        actor,
        "casework.change_garbageschedule" if schedule else "casework.add_garbageschedule",
    )
    with transaction.atomic():
        if schedule is not None:
            schedule = GarbageSchedule.objects.select_for_update().get(pk=schedule.pk)
        else:
            schedule = GarbageSchedule()
        schedule.area, schedule.days = area.strip(), days.strip()
        schedule.collection_time, schedule.collector = collection_time, collector.strip()
        schedule.destination, schedule.active = destination.strip(), active
        schedule.full_clean()
        schedule.save()
    return schedule
