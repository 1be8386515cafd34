"""Training sessions of the reporters (REP-7, REP-14): topics, lecturer, hours, attendance."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from reporters.models import (
    LecturerKind,
    ReporterProfile,
    TrainingAttendance,
    TrainingSession,
    TrainingTopic,
)
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future

MANAGE = "reporters.manage_reporters"


def _refuse(*, topics, lecturer_kind, lecturer_staff, lecturer_name, hours, attendees) -> None:
    if not topics or any(topic not in TrainingTopic.values for topic in topics):
        raise ActionRefused(_("Choose the topics of the session."), field="topics")
    if lecturer_kind == LecturerKind.STAFF and lecturer_staff is None:
        raise ActionRefused(_("Choose the member of staff who lectured."),
                            field="lecturer_staff")
    if lecturer_kind == LecturerKind.EXPERT and not lecturer_name.strip():
        raise ActionRefused(_("Give the outside expert's name and organisation."),
                            field="lecturer_name")
    if not Decimal("0.5") <= hours <= Decimal(12):
        raise ActionRefused(_("A session lasts from half an hour to 12 hours."), field="hours")
    if not attendees:
        raise ActionRefused(_("Choose the reporters who attended."), field="attendees")
    reporters = set(
        ReporterProfile.objects.filter(user__in=attendees).values_list("user_id", flat=True)
    )
    if any(user.pk not in reporters for user in attendees):
        raise ActionRefused(_("Only registered reporters attend."), field="attendees")


def training_save(
    *, actor: User, session: TrainingSession | None, held_on: datetime.date, title: str,
    topics: list[str], lecturer_kind: str, lecturer_staff: User | None, lecturer_name: str,
    hours: Decimal, place: str, summary: str, attendees: list[User],
) -> TrainingSession:
    """Record a session and who attended (or correct one)."""
    require_perm(actor, MANAGE)
    refuse_future(held_on, field="held_on")
    _refuse(topics=topics, lecturer_kind=lecturer_kind, lecturer_staff=lecturer_staff,
            lecturer_name=lecturer_name, hours=hours, attendees=attendees)
    values = dict(
        held_on=held_on, title=title, topics=list(topics), lecturer_kind=lecturer_kind,
        lecturer_staff=lecturer_staff if lecturer_kind == LecturerKind.STAFF else None,
        lecturer_name=lecturer_name if lecturer_kind == LecturerKind.EXPERT else "",
        hours=hours, place=place, summary=summary,
    )
    with transaction.atomic():
        if session is None:
            session = TrainingSession.objects.create(recorded_by=actor, **values)
        else:
            session = TrainingSession.objects.select_for_update().get(pk=session.pk)
            for field, value in values.items():
                setattr(session, field, value)
            session.save()
        wanted = {user.pk for user in attendees}
        session.attendances.exclude(reporter_id__in=wanted).delete()
        present = set(session.attendances.values_list("reporter_id", flat=True))
        for pk in sorted(wanted - present):  # one by one: each is an entry of the change log
            TrainingAttendance.objects.create(session=session, reporter_id=pk)
        return session
