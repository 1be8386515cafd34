"""Special registers (CLS-3): every state change of hardship and key-person entries.

Refusals raise ActionRefused, naming the form field they concern where there is one, so the
page can show the message next to it. The checks of a new entry's values raise one
ValidationError keyed by field, so that every wrong field is shown at once. auditlog records
each write (the register models are registered, their content masked).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused
from residents.common.validation import NOT_FUTURE_MESSAGE, is_future, refuse_future
from residents.models import (
    HardshipEntry,
    HardshipKind,
    HelpLedgerEntry,
    KeyPersonEntry,
    KeyPersonVisit,
    Resident,
)

RegisterEntry = HardshipEntry | KeyPersonEntry


def _check_dates(
    *,
    start_date: datetime.date,
    end_date: datetime.date | None,
    review_date: datetime.date,
) -> None:
    errors: dict[str, str] = {}
    if is_future(start_date):
        errors["start_date"] = str(NOT_FUTURE_MESSAGE)
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if review_date < start_date:
        errors["review_date"] = _("The review date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


def hardship_create(
    *,
    resident: Resident,
    kind: str,
    disability_category: str = "",
    disability_level: str = "",
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    review_date: datetime.date,
    note: str = "",
    actor,
) -> HardshipEntry:
    if kind == HardshipKind.DISABILITY:
        errors = {}
        if not disability_category:
            errors["disability_category"] = _("Choose the disability category.")
        if not disability_level:
            errors["disability_level"] = _("Choose the disability level.")
        if errors:
            raise ValidationError(errors)
    else:
        # Only a disability entry carries a category and level; anything else sent is dropped.
        disability_category = disability_level = ""
    _check_dates(start_date=start_date, end_date=end_date, review_date=review_date)
    with transaction.atomic():
        # The resident row is the lock that keeps two simultaneous entries of one kind apart.
        Resident.objects.select_for_update().only("pk").get(pk=resident.pk)
        if resident.hardship_entries.filter(kind=kind).current().exists():
            raise ActionRefused(
                _("This resident already has a current entry of this kind; end it first.")
            )
        entry = HardshipEntry(
            resident=resident,
            kind=kind,
            disability_category=disability_category,
            disability_level=disability_level,
            start_date=start_date,
            end_date=end_date,
            review_date=review_date,
            note=note.strip(),
            recorded_by=actor,
        )
        entry.full_clean()
        entry.save()
    return entry


def key_person_create(
    *,
    resident: Resident,
    category: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    review_date: datetime.date,
    note: str = "",
    actor,
) -> KeyPersonEntry:
    _check_dates(start_date=start_date, end_date=end_date, review_date=review_date)
    with transaction.atomic():
        Resident.objects.select_for_update().only("pk").get(pk=resident.pk)
        existing = resident.key_person_entries.filter(category=category)
        if existing.current().exists():
            raise ActionRefused(
                _("This resident already has a current entry of this category; end it first.")
            )
        entry = KeyPersonEntry(
            resident=resident,
            category=category,
            start_date=start_date,
            end_date=end_date,
            review_date=review_date,
            note=note.strip(),
            recorded_by=actor,
        )
        entry.full_clean()
        entry.save()
    return entry


def _locked_current(entry: RegisterEntry) -> RegisterEntry:
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    if not locked.is_current():
        raise ActionRefused(_("This entry has already ended."))
    return locked


def _entry_end(*, entry: RegisterEntry, end_date: datetime.date) -> RegisterEntry:
    refuse_future(end_date, field="end_date")
    with transaction.atomic():
        locked = _locked_current(entry)
        if end_date < locked.start_date:
            raise ActionRefused(
                _("The end date cannot be before the start date."), field="end_date"
            )
        locked.end_date = end_date
        locked.full_clean()
        locked.save(update_fields=["end_date"])
    return locked


def _entry_review(*, entry: RegisterEntry, next_review_date: datetime.date) -> RegisterEntry:
    """A review was done today: the entry is next reviewed on `next_review_date`."""
    if next_review_date <= timezone.localdate():
        raise ActionRefused(
            _("The next review date must be after today."), field="next_review_date"
        )
    with transaction.atomic():
        locked = _locked_current(entry)
        locked.review_date = next_review_date
        locked.full_clean()
        locked.save(update_fields=["review_date"])
    return locked


def hardship_end(*, entry: HardshipEntry, end_date: datetime.date, actor) -> HardshipEntry:
    return _entry_end(entry=entry, end_date=end_date)


def hardship_review(
    *, entry: HardshipEntry, next_review_date: datetime.date, actor
) -> HardshipEntry:
    return _entry_review(entry=entry, next_review_date=next_review_date)


def key_person_end(*, entry: KeyPersonEntry, end_date: datetime.date, actor) -> KeyPersonEntry:
    return _entry_end(entry=entry, end_date=end_date)


def key_person_review(
    *, entry: KeyPersonEntry, next_review_date: datetime.date, actor
) -> KeyPersonEntry:
    return _entry_review(entry=entry, next_review_date=next_review_date)


def _check_dated_within(entry: RegisterEntry, field: str, day: datetime.date) -> None:
    refuse_future(day, field=field)
    if day < entry.start_date:
        raise ActionRefused(_("The date cannot be before the entry's start date."), field=field)
    if entry.end_date is not None and day > entry.end_date:
        raise ActionRefused(_("The date cannot be after the entry's end date."), field=field)


def help_ledger_add(
    *,
    hardship: HardshipEntry,
    date: datetime.date,
    help_given: str,
    given_by: str,
    next_step: str = "",
    actor,
) -> HelpLedgerEntry:
    with transaction.atomic():
        # Locked so that an entry ended meanwhile is seen with its end date.
        locked = HardshipEntry.objects.select_for_update().get(pk=hardship.pk)
        _check_dated_within(locked, "date", date)
        line = HelpLedgerEntry(
            hardship=locked,
            date=date,
            help_given=help_given.strip(),
            given_by=given_by.strip(),
            next_step=next_step.strip(),
            recorded_by=actor,
        )
        line.full_clean()
        line.save()
    return line


def key_person_visit_record(
    *, entry: KeyPersonEntry, visited_on: datetime.date, summary: str, actor
) -> KeyPersonVisit:
    with transaction.atomic():
        locked = KeyPersonEntry.objects.select_for_update().get(pk=entry.pk)
        _check_dated_within(locked, "visited_on", visited_on)
        visit = KeyPersonVisit(
            entry=locked, visited_on=visited_on, visited_by=actor, summary=summary.strip()
        )
        visit.full_clean()
        visit.save()
    return visit
