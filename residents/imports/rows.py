"""The dry run of an import (DAT-1): every row checked with the registration form's own rules.

Each row is read into the registration form (`ResidentDetailsForm`: ID number check digit,
area code and birth date, dates not in the future, phone numbers, names), then compared with
the record of the same ID number: a new registration, a change, unchanged, or an error with
its reason. One form instance checks every row: building a form per row costs more than the
checks themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from residents.access.fields import FIELD_LABELS, VOLUNTARY_FIELDS
from residents.common import id_numbers
from residents.imports.files import FileRefused, Table
from residents.models import HukouType, RegistrationStatus, ResidenceType, Resident, RowOutcome
from residents.people.forms import ResidentDetailsForm
from residents.people.services import name_sort_key

# The resident fields a shared file may carry, in the order the profile page lists them.
IMPORT_FIELDS = (
    "name", "id_number", "hukou_location", "hukou_moved_in_on", "address", "residence_type",
    "living_since", "phone", "hukou_type", "area",
)
REQUIRED_FIELDS = ("name", "id_number", "hukou_location", "address")
DATE_FIELDS = frozenset({"hukou_moved_in_on", "living_since", "birth_date"})
CHOICES = {"residence_type": ResidenceType, "hukou_type": HukouType}
# What a registration records when the file has no such column.
DEFAULTS = {"residence_type": ResidenceType.OTHER, "hukou_type": HukouType.REGISTERED}
# Compared with the record: what the file says (gender and birth date follow the ID number).
COMPARED_FIELDS = tuple(name for name in IMPORT_FIELDS if name != "id_number")
# Existing records are looked up this many rows at a time.
LOOKUP_CHUNK = 5000


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@dataclass
class RowResult:
    line: int
    outcome: str
    name: str = ""
    id_number: str = ""
    values: dict = field(default_factory=dict)
    changed_fields: list = field(default_factory=list)
    message: str = ""
    resident_id: int | None = None
    # Fields the file gave a value for (blank cells never propose a change).
    given: tuple = ()
    cleaned: dict = field(default_factory=dict)


def _choice_lookup() -> dict[str, dict[str, str]]:
    """Each choice by its code and its label in Chinese and English."""
    lookup: dict[str, dict[str, str]] = {}
    for name, choices in CHOICES.items():
        known = {}
        for value, label in choices.choices:
            known[value.lower()] = value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    text = str(label)
                known[text.lower()] = value
                # "Registered resident (户籍)": the word in brackets alone too.
                if "(" in text:
                    known[text.split("(")[1].rstrip(")").strip().lower()] = value
                    known[text.split("(")[0].strip().lower()] = value
        lookup[name] = known
    return lookup


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def column_indexes(headers: Sequence[str], columns: dict[str, str]) -> dict[str, int]:
    """Resident field → column index, or FileRefused naming the required columns missing."""
    position = {heading: index for index, heading in enumerate(headers) if heading}
    unmapped = [name for name in REQUIRED_FIELDS if not columns.get(name)]
    if unmapped:
        raise FileRefused(
            _("The column mapping of this source names no column for: %(fields)s. A manager "
              "can complete it on the import profiles page.")
            % {"fields": "、".join(field_label(name) for name in unmapped)}
        )
    missing = [
        name for name in REQUIRED_FIELDS if " ".join(columns[name].split()) not in position
    ]
    if missing:
        raise FileRefused(
            _("The file lacks required columns: %(columns)s.")
            % {"columns": "、".join(f"“{columns[name]}”（{field_label(name)}）"
                                   for name in missing)}
        )
    return {
        name: position[" ".join(heading.split())]
        for name, heading in columns.items()
        if name in IMPORT_FIELDS and heading and " ".join(heading.split()) in position
    }


class RowChecker:
    def __init__(self, columns: dict[str, str], headers: Sequence[str]) -> None:
        self.indexes = column_indexes(headers, columns)
        self.form = ResidentDetailsForm(data={})
        self.choices = _choice_lookup()
        self.seen: dict[str, int] = {}

    def check(self, line: int, cells: Sequence) -> RowResult:
        data = {
            name: _text(cells[index]) if index < len(cells) else ""
            for name, index in self.indexes.items()
        }
        result = RowResult(line=line, outcome=RowOutcome.ERROR, name=data.get("name", "")[:50])
        missing = [name for name in REQUIRED_FIELDS if not data.get(name)]
        if missing:
            result.message = _("Required values missing: %(fields)s.") % {
                "fields": "、".join(field_label(name) for name in missing)
            }
            return result
        given = tuple(name for name, value in data.items() if value)
        for name, lookup in self.choices.items():
            value = data.get(name, "")
            if value:
                data[name] = lookup.get(value.lower(), value)
            else:
                data[name] = DEFAULTS[name]
        form = self.form
        form.data = data
        form._errors = None
        if not form.is_valid():
            result.id_number = data.get("id_number", "")[:18]
            whole_row = _("Row")
            result.message = "；".join(
                f"{field_label(name) if name != '__all__' else whole_row}：{' '.join(messages)}"
                for name, messages in form.errors.items()
            )
            return result
        cleaned = form.cleaned_data
        number = cleaned["id_number"]
        result.id_number = number
        result.name = cleaned["name"]
        first = self.seen.get(number)
        if first is not None:
            result.message = _("The same ID number as line %(line)s of this file.") % {
                "line": first
            }
            return result
        self.seen[number] = line
        result.outcome = RowOutcome.NEW
        result.given = given
        result.cleaned = {
            name: cleaned[name]
            for name in (*IMPORT_FIELDS, "gender", "birth_date")
            if name in cleaned
        }
        result.values = {name: _text(value) for name, value in result.cleaned.items()}
        # Derived once here, so that the import only copies (the pinyin key is the dearest).
        result.values["name_sort_key"] = name_sort_key(result.cleaned["name"])
        result.values["id_document"] = id_numbers.document_of(number)
        return result


def compare_with_records(results: list[RowResult]) -> None:
    """Turn the new rows whose ID number is registered into changes, unchanged or errors."""
    candidates = {row.id_number: row for row in results if row.outcome == RowOutcome.NEW}
    if not candidates:
        return
    records = Resident.objects.filter(id_number__in=list(candidates)).only(
        "pk", "id_number", "status", *COMPARED_FIELDS
    )
    for record in records:
        row = candidates[record.id_number]
        row.resident_id = record.pk
        changed = [
            name for name in COMPARED_FIELDS
            if name in row.given and row.cleaned.get(name) != getattr(record, name)
        ]
        if not changed:
            row.outcome = RowOutcome.UNCHANGED
            row.values = {}
        elif record.status != RegistrationStatus.VERIFIED:
            row.outcome = RowOutcome.ERROR
            row.values = {}
            row.message = _(
                "This ID number has a registration not yet verified; verify or correct it "
                "first, then import the changes again."
            )
        else:
            row.outcome = RowOutcome.CHANGE
            row.changed_fields = changed
            row.values = {name: row.values[name] for name in changed}


def check_rows(table: Table, columns: dict[str, str]) -> Iterator[list[RowResult]]:
    """The table's rows checked, a chunk at a time (FileRefused before the first chunk)."""
    checker = RowChecker(columns, table.headers)
    for start in range(0, len(table.rows), LOOKUP_CHUNK):
        rows = table.rows[start:start + LOOKUP_CHUNK]
        chunk = [checker.check(line, cells) for line, cells in rows]
        compare_with_records(chunk)
        yield chunk


def registration_values(values: dict[str, str]) -> dict:
    """A row's stored values back as the registration service takes them.

    Voluntary information (a phone number) is left out: it is kept only with the resident's
    own consent (PRI-1), which a shared file does not carry; staff add it at the window.
    """
    data = {
        name: datetime.date.fromisoformat(text) if name in DATE_FIELDS and text else text
        for name, text in values.items()
        if name not in VOLUNTARY_FIELDS
    }
    for name in DATE_FIELDS & data.keys():
        if data[name] == "":
            data[name] = None
    return data
