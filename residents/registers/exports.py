"""The register lists as exports (DAT-2): overdue key-person visits and hardship reviews due,
each with its page's filter. Residents' columns follow the field policy (ID number masked for
whoever does not see it in full); only users who see the register export it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from residents.access.fields import FieldGroup
from residents.access.policy import policies_for, policy_for
from residents.audit.purposes import ReadPurpose
from residents.exports.lists import (
    ExportTable,
    ListDefinition,
    resident_header,
    resident_value,
    shown_resident_fields,
)
from residents.models import HardshipEntry, HardshipKind, KeyPersonCategory, KeyPersonEntry
from residents.registers import selectors

RESIDENT_COLUMNS = ("archive_number", "name", "id_number")


def _date(value) -> str:
    return value.isoformat() if value else ""


def _choice(filters: dict[str, str], name: str, choices) -> str:
    """The page's filter value when it is one of its choices (anything else shows all)."""
    value = filters.get(name, "")
    return value if value in dict(choices) else ""


def _table(user, entries, group: FieldGroup, headers: list[str], values) -> ExportTable:
    policy = policy_for(user)
    columns = shown_resident_fields(policy, RESIDENT_COLUMNS)
    entries = list(entries)
    policies = policies_for(user, [entry.resident for entry in entries])
    rows = [
        [resident_value(entry.resident, policies[entry.resident_id], name) for name in columns]
        + values(entry)
        for entry in entries
    ]
    return ExportTable(
        headers=[resident_header(name) for name in columns] + headers,
        rows=rows,
        field_groups=sorted({*policy.groups_shown_in_full(columns), group.value}),
    )


# Overdue key-person visits ------------------------------------------------------------------


def may_export_key_persons(user) -> bool:
    return policy_for(user).can_see_group(FieldGroup.KEY_PERSON)


def _key_person_entries(user, filters):
    category = _choice(filters, "category", KeyPersonCategory.choices)
    return selectors.overdue_key_person_visits(user, category=category)


def key_person_visits_table(user, filters: dict[str, str]) -> ExportTable:
    today = timezone.localdate()

    def values(entry) -> list[str]:
        schedule = selectors.visit_schedule(entry, today)
        return [
            entry.get_category_display(), _date(entry.start_date),
            _date(schedule.last_visit_on), _date(schedule.due_on), str(schedule.days_overdue),
            entry.note,
        ]

    return _table(
        user, _key_person_entries(user, filters), FieldGroup.KEY_PERSON,
        [_("Category"), _("Start date"), _("Last visit"), _("Next visit due"),
         _("Days overdue"), _("Note")],
        values,
    )


def _worklist_url(name: str, filters: dict[str, str]) -> str:
    return reverse(f"residents:{name}") + (f"?{urlencode(filters)}" if filters else "")


KEY_PERSON_VISITS = ListDefinition(
    name="key_person_visits",
    title=gettext_lazy("the overdue key person visits"),
    file_stem="key-person-visits",
    filter_names=("category",),
    may_export=may_export_key_persons,
    count=lambda user, filters: _key_person_entries(user, filters).count(),
    table=key_person_visits_table,
    back_url=lambda filters: _worklist_url("worklist_key_person_visits", filters),
    model=KeyPersonEntry,
    description="Key person visits export",
    purpose=ReadPurpose.KEY_PERSON_VISITS_EXPORT,
    search_filters=(),
)


# Hardship reviews due -----------------------------------------------------------------------


def may_export_hardship(user) -> bool:
    return policy_for(user).can_see_group(FieldGroup.SENSITIVE)


def _hardship_entries(user, filters):
    kind = _choice(filters, "kind", HardshipKind.choices)
    return selectors.hardship_reviews_due(user, kind=kind)


def hardship_reviews_table(user, filters: dict[str, str]) -> ExportTable:
    today = timezone.localdate()

    def values(entry) -> list[str]:
        overdue = selectors.is_overdue(entry.review_date, today)
        return [
            entry.get_kind_display(), _date(entry.start_date), _date(entry.review_date),
            _("Overdue") if overdue else _("Due soon"), entry.note,
        ]

    return _table(
        user, _hardship_entries(user, filters), FieldGroup.SENSITIVE,
        [_("Register kind"), _("Start date"), _("Review date"), _("Review status"), _("Note")],
        values,
    )


HARDSHIP_REVIEWS = ListDefinition(
    name="hardship_reviews",
    title=gettext_lazy("the hardship reviews due"),
    file_stem="hardship-reviews",
    filter_names=("kind",),
    may_export=may_export_hardship,
    count=lambda user, filters: _hardship_entries(user, filters).count(),
    table=hardship_reviews_table,
    back_url=lambda filters: _worklist_url("worklist_hardship_reviews", filters),
    model=HardshipEntry,
    description="Hardship reviews export",
    purpose=ReadPurpose.HARDSHIP_REVIEWS_EXPORT,
    search_filters=(),
)
