"""Reads of the special registers (CLS-3), scoped to the acting user, and their work lists.

Hardship records are comprehensive information (FieldGroup.SENSITIVE), key-person records
their own group (FieldGroup.KEY_PERSON): a user without the group gets no rows, so the
key-person register does not exist for them in any list, count or timeline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policy_for
from residents.common.timeline import TimelineEntry
from residents.models import (
    HardshipEntry,
    HelpLedgerEntry,
    KeyPersonEntry,
    KeyPersonVisit,
    Resident,
)
from residents.people.selectors import record_for_user, residents_visible_to


def is_overdue(due: datetime.date | None, today: datetime.date | None = None) -> bool:
    """A date is overdue from the day after it: due today is not yet overdue."""
    return due is not None and due < (today or timezone.localdate())


def with_visit_schedule(entries: QuerySet[KeyPersonEntry]) -> QuerySet[KeyPersonEntry]:
    """Annotate key-person entries with `last_visit_on` and `visit_due_on`, in the database.

    Next visit due = (latest visit, or the start date without visits) + the category's
    interval (settings.KEY_PERSON_VISIT_INTERVAL_DAYS). The one computation behind both the
    entry page and the overdue work list, so that both always agree and the list can filter,
    order and paginate in SQL.
    """
    interval = Case(
        *[
            When(category=category, then=Value(days))
            for category, days in settings.KEY_PERSON_VISIT_INTERVAL_DAYS.items()
        ],
        default=None,
        output_field=IntegerField(),
    )
    return entries.annotate(
        last_visit_on=Max("visits__visited_on"),
        # PostgreSQL: date + integer is a date.
        visit_due_on=ExpressionWrapper(
            Coalesce(F("last_visit_on"), F("start_date")) + interval, output_field=DateField()
        ),
    )


@dataclass(frozen=True)
class VisitSchedule:
    last_visit_on: datetime.date | None
    due_on: datetime.date | None
    overdue: bool
    days_overdue: int


def visit_schedule(entry: KeyPersonEntry, today: datetime.date | None = None) -> VisitSchedule:
    """The schedule of an entry annotated by `with_visit_schedule`."""
    today = today or timezone.localdate()
    due = entry.visit_due_on
    overdue = is_overdue(due, today)
    return VisitSchedule(
        last_visit_on=entry.last_visit_on,
        due_on=due,
        overdue=overdue,
        days_overdue=(today - due).days if overdue else 0,
    )


# Per resident ------------------------------------------------------------------------------


def hardship_entries_for(user, resident: Resident, policy: FieldPolicy) -> QuerySet:
    if not policy.can_see_group(FieldGroup.SENSITIVE):
        return HardshipEntry.objects.none()
    return HardshipEntry.objects.filter(resident=resident).select_related("recorded_by")


def key_person_entries_for(user, resident: Resident, policy: FieldPolicy) -> QuerySet:
    if not policy.can_see_group(FieldGroup.KEY_PERSON):
        return KeyPersonEntry.objects.none()
    return with_visit_schedule(
        KeyPersonEntry.objects.filter(resident=resident).select_related("recorded_by")
    )


def hardship_entry_for_user(user, pk) -> tuple[HardshipEntry, FieldPolicy]:
    return record_for_user(user, HardshipEntry.objects.select_related("recorded_by"), pk)


def key_person_entry_for_user(user, pk) -> tuple[KeyPersonEntry, FieldPolicy]:
    entries = with_visit_schedule(KeyPersonEntry.objects.select_related("recorded_by"))
    return record_for_user(user, entries, pk)


def help_ledger_of(entry: HardshipEntry) -> QuerySet[HelpLedgerEntry]:
    """Lines of an entry already checked by `hardship_entry_for_user`."""
    return entry.help_ledger.select_related("recorded_by")


def visits_of(entry: KeyPersonEntry) -> QuerySet[KeyPersonVisit]:
    """Visits of an entry already checked by `key_person_entry_for_user`."""
    return entry.visits.select_related("visited_by")


# Work lists --------------------------------------------------------------------------------


def overdue_key_person_visits(user, *, category: str = "") -> QuerySet[KeyPersonEntry]:
    """Current key-person entries whose next visit is overdue, most overdue first."""
    if not policy_for(user).can_see_group(FieldGroup.KEY_PERSON):
        return KeyPersonEntry.objects.none()
    today = timezone.localdate()
    entries = KeyPersonEntry.objects.filter(resident__in=residents_visible_to(user)).current(today)
    if category:
        entries = entries.filter(category=category)
    return (
        with_visit_schedule(entries)
        .filter(visit_due_on__lt=today)
        .select_related("resident")
        .order_by("visit_due_on", "pk")
    )


def hardship_reviews_due(user, *, kind: str = "") -> QuerySet[HardshipEntry]:
    """Current hardship entries to review within REVIEW_DUE_WITHIN_DAYS, overdue first."""
    if not policy_for(user).can_see_group(FieldGroup.SENSITIVE):
        return HardshipEntry.objects.none()
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REVIEW_DUE_WITHIN_DAYS)
    entries = (
        HardshipEntry.objects.filter(resident__in=residents_visible_to(user))
        .current(today)
        .filter(review_date__lte=horizon)
    )
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related("resident").order_by("review_date", "pk")


# Timeline ----------------------------------------------------------------------------------


def register_timeline(user, resident: Resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Register entries (start and end), help ledger lines and key-person visits."""
    today = timezone.localdate()
    items: list[TimelineEntry] = []
    for entry in hardship_entries_for(user, resident, policy):
        url = reverse("residents:hardship_detail", args=[entry.pk])
        label = entry.get_kind_display()
        items.append(TimelineEntry(
            entry.start_date, _("Hardship register"),
            _("Entered: %(kind)s") % {"kind": label}, FieldGroup.SENSITIVE, url,
        ))
        if entry.end_date and not entry.is_current(today):
            items.append(TimelineEntry(
                entry.end_date, _("Hardship register"),
                _("Ended: %(kind)s") % {"kind": label}, FieldGroup.SENSITIVE, url,
            ))
    if policy.can_see_group(FieldGroup.SENSITIVE):
        for line in HelpLedgerEntry.objects.filter(hardship__resident=resident):
            items.append(TimelineEntry(
                line.date, _("Help ledger"), Truncator(line.help_given).chars(80),
                FieldGroup.SENSITIVE,
                reverse("residents:hardship_detail", args=[line.hardship_id]),
            ))
    for entry in key_person_entries_for(user, resident, policy):
        url = reverse("residents:key_person_detail", args=[entry.pk])
        label = entry.get_category_display()
        items.append(TimelineEntry(
            entry.start_date, _("Key person register"),
            _("Entered: %(kind)s") % {"kind": label}, FieldGroup.KEY_PERSON, url,
        ))
        if entry.end_date and not entry.is_current(today):
            items.append(TimelineEntry(
                entry.end_date, _("Key person register"),
                _("Ended: %(kind)s") % {"kind": label}, FieldGroup.KEY_PERSON, url,
            ))
    if policy.can_see_group(FieldGroup.KEY_PERSON):
        for visit in KeyPersonVisit.objects.filter(entry__resident=resident):
            items.append(TimelineEntry(
                visit.visited_on, _("Key person visit"), Truncator(visit.summary).chars(80),
                FieldGroup.KEY_PERSON,
                reverse("residents:key_person_detail", args=[visit.entry_id]),
            ))
    return items
