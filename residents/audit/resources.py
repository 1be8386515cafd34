"""Import/export resources (django-import-export).

AuditTrailResource exports the audit trail with the same columns and the same masking as the
trail page: its rows come from `audit_trail.display_entries`, computed per chunk so that an
export costs a few queries per thousand entries rather than several per entry.
"""

from __future__ import annotations

import itertools

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from residents.audit.trail import EntryRow, display_entries

CHUNK_SIZE = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """Text safe for a spreadsheet: no control characters, no formula injection."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class AuditTrailResource(resources.ModelResource):
    time = Field(column_name=_("Time"))
    role = Field(column_name=_("Role"))
    staff_number = Field(column_name=_("Staff number"))
    username = Field(column_name=_("Username"))
    address = Field(column_name=_("IP address"))
    action_label = Field(column_name=_("Action"))
    object_label = Field(column_name=_("Object"))
    changes_text = Field(column_name=_("Changes"))
    field_groups = Field(column_name=_("Field groups"))
    purpose = Field(column_name=_("Purpose or reason"))

    class Meta:
        model = LogEntry
        fields = (
            "time",
            "role",
            "staff_number",
            "username",
            "address",
            "action_label",
            "object_label",
            "changes_text",
            "field_groups",
            "purpose",
        )
        export_order = fields

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: dict[int, EntryRow] = {}

    def iter_queryset(self, queryset):
        """Entries in chunks; each chunk's display rows are built with one set of lookups."""
        iterator = iter(queryset.iterator(chunk_size=CHUNK_SIZE))
        while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
            self._rows = {row.entry.pk: row for row in display_entries(chunk)}
            yield from chunk

    def _row(self, entry: LogEntry) -> EntryRow:
        row = self._rows.get(entry.pk)
        if row is None:  # exported one by one, outside iter_queryset
            row = display_entries([entry])[0]
        return row

    def dehydrate_time(self, entry: LogEntry) -> str:
        return self._row(entry).time.strftime("%Y-%m-%d %H:%M:%S")

    def dehydrate_role(self, entry: LogEntry) -> str:
        return cell(self._row(entry).actor_role)

    def dehydrate_staff_number(self, entry: LogEntry) -> str:
        return cell(self._row(entry).staff_number)

    def dehydrate_username(self, entry: LogEntry) -> str:
        return cell(self._row(entry).username)

    def dehydrate_address(self, entry: LogEntry) -> str:
        return cell(self._row(entry).remote_addr)

    def dehydrate_action_label(self, entry: LogEntry) -> str:
        return cell(self._row(entry).action)

    def dehydrate_object_label(self, entry: LogEntry) -> str:
        return cell(self._row(entry).object)

    def dehydrate_changes_text(self, entry: LogEntry) -> str:
        return cell(self._row(entry).changes_text)

    def dehydrate_field_groups(self, entry: LogEntry) -> str:
        return cell(self._row(entry).field_groups)

    def dehydrate_purpose(self, entry: LogEntry) -> str:
        return cell(self._row(entry).purpose)
