"""Tracking (TRK-1 … TRK-4) and periodic re-checks (UPD-6): every state change of the subject.

Each service runs in one transaction, locks the rows whose state it reads to decide (the
resident for status history and re-checks, the emergency for follow-ups and closing), calls
full_clean() and saves. auditlog records the writes: all these models are registered.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused
from residents.common.validation import refuse_future
from residents.models import (
    ContactKind,
    ContactRecord,
    Emergency,
    EmergencyFollowUp,
    EmergencyKind,
    Recheck,
    RegistrationStatus,
    Resident,
    StatusAspect,
    StatusChange,
)


def _text(value: str) -> str:
    return value.strip()


def contact_record_create(
    *,
    resident: Resident,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    follow_up: str = "",
    actor,
) -> ContactRecord:
    """A home visit, phone call or online feedback, recorded by the acting staff member."""
    if kind not in ContactKind.values:
        raise ActionRefused(_("Choose how the contact took place."))
    refuse_future(occurred_on, field="occurred_on")
    summary = _text(summary)
    if not summary:
        raise ActionRefused(_("Summarise the contact."))
    with transaction.atomic():
        record = ContactRecord(
            resident=resident, kind=kind, occurred_on=occurred_on, staff=actor,
            summary=summary, follow_up=_text(follow_up),
        )
        record.full_clean()
        record.save()
    return record


def latest_status(resident: Resident, aspect: str) -> StatusChange | None:
    """The situation in force for one aspect: the latest change by effective date."""
    return (
        StatusChange.objects.filter(resident=resident, aspect=aspect)
        .order_by("-effective_on", "-pk")
        .first()
    )


def status_change_record(
    *,
    resident: Resident,
    aspect: str,
    current: str,
    effective_on: datetime.date,
    actor,
) -> StatusChange:
    """Record a new economic, health or housing situation; `previous` comes from the history.

    The resident row is locked so that two changes of the same aspect recorded at once still
    chain: the second one's `previous` is the first one's `current`.
    """
    if aspect not in StatusAspect.values:
        raise ActionRefused(_("Choose which situation changed."))
    refuse_future(effective_on, field="effective_on")
    current = _text(current)
    if not current:
        raise ActionRefused(_("Describe the new situation."))
    with transaction.atomic():
        Resident.objects.select_for_update().only("pk").get(pk=resident.pk)
        before = latest_status(resident, aspect)
        if before is not None and effective_on < before.effective_on:
            # Changes are recorded in order, so each entry's `previous` is the one before it.
            raise ActionRefused(
                _("A newer situation is already recorded from %(date)s; the date cannot be "
                  "earlier.") % {"date": before.effective_on.isoformat()}
            )
        previous = before.current if before is not None else ""
        if previous == current:
            raise ActionRefused(_("This is the situation already recorded; nothing changed."))
        change = StatusChange(
            resident=resident, aspect=aspect, previous=previous, current=current,
            effective_on=effective_on, recorded_by=actor,
        )
        change.full_clean()
        change.save()
    return change


def emergency_open(
    *,
    resident: Resident,
    kind: str,
    occurred_on: datetime.date,
    description: str,
    help_given: str = "",
    actor,
) -> Emergency:
    if kind not in EmergencyKind.values:
        raise ActionRefused(_("Choose the kind of emergency."))
    refuse_future(occurred_on, field="occurred_on")
    description = _text(description)
    if not description:
        raise ActionRefused(_("Say what happened."))
    with transaction.atomic():
        emergency = Emergency(
            resident=resident, kind=kind, occurred_on=occurred_on, description=description,
            help_given=_text(help_given), recorded_by=actor,
        )
        emergency.full_clean()
        emergency.save()
    return emergency


def _open_locked(emergency: Emergency) -> Emergency:
    locked = Emergency.objects.select_for_update().get(pk=emergency.pk)
    if locked.closed_on is not None:
        raise ActionRefused(_("This emergency is closed; it takes no more follow-ups."))
    return locked


def emergency_follow_up_add(
    *, emergency: Emergency, date: datetime.date, note: str, actor
) -> EmergencyFollowUp:
    refuse_future(date, field="date")
    note = _text(note)
    if not note:
        raise ActionRefused(_("Say what was done."))
    with transaction.atomic():
        locked = _open_locked(emergency)
        if date < locked.occurred_on:
            raise ActionRefused(_("A follow-up cannot be dated before the emergency."))
        follow_up = EmergencyFollowUp(emergency=locked, date=date, note=note, recorded_by=actor)
        follow_up.full_clean()
        follow_up.save()
    return follow_up


def emergency_close(
    *, emergency: Emergency, closed_on: datetime.date, closing_note: str, actor
) -> Emergency:
    refuse_future(closed_on, field="closed_on")
    closing_note = _text(closing_note)
    if not closing_note:
        raise ActionRefused(_("Say how the emergency was resolved."))
    with transaction.atomic():
        locked = _open_locked(emergency)
        if closed_on < locked.occurred_on:
            raise ActionRefused(_("An emergency cannot be closed before it occurred."))
        last = locked.follow_ups.order_by("-date").values_list("date", flat=True).first()
        if last is not None and closed_on < last:
            raise ActionRefused(_("An emergency cannot be closed before its last follow-up."))
        locked.closed_on = closed_on
        locked.closing_note = closing_note
        locked.full_clean()
        locked.save(update_fields=["closed_on", "closing_note"])
    return locked


def recheck_record(*, resident: Resident, actor, note: str = "") -> Recheck:
    """Record today's full re-check of a verified resident (UPD-6) and restart the interval.

    The resident row is locked. A second re-check of the same resident on the same day (a
    double submit, or two clerks at once) records nothing new and returns the first one, so
    it is harmless; a note it carries is added to that re-check.
    """
    today = timezone.localdate()
    note = _text(note)
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.status != RegistrationStatus.VERIFIED:
            raise ActionRefused(_("Only verified residents are re-checked."))
        existing = None
        if locked.rechecked_on == today:
            existing = Recheck.objects.filter(resident=locked, checked_on=today).first()
        if existing is not None:
            if note and note not in existing.note:
                existing.note = f"{existing.note}\n{note}".strip()
                existing.full_clean()
                existing.save(update_fields=["note"])
            return existing
        recheck = Recheck(resident=locked, checked_on=today, checked_by=actor, note=note)
        recheck.full_clean()
        recheck.save()
        locked.rechecked_on = today
        locked.full_clean(validate_unique=False)
        locked.save(update_fields=["rechecked_on", "updated_at"])
    resident.rechecked_on = today
    return recheck
