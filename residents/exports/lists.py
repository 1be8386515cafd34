"""The lists that can be exported (DAT-2): one definition per list, one registry.

A definition says who may export the list, which of its page's parameters are its filters,
and how to lay out its rows as the exporting user sees them. Everything else — the file
format, formula-safe cells, the audit entry, long lists as jobs downloaded once — is the one
path in residents/exports/services.py. Subjects register their lists from AppConfig.ready()
(casework registers its case list; residents its resident and register lists), so this
package never imports a subject above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from residents.access.fields import FIELD_LABELS
from residents.access.policy import FieldPolicy
from residents.common.validation import without_invisible
from residents.models import Resident
from residents.people.presentation import as_text

# Each filter value as typed is cut to this length (a search box, a choice, an area name).
FILTER_MAX_LENGTH = 50


@dataclass(frozen=True)
class ExportTable:
    """The rows of a list as one user sees them, and the field groups it carries in full."""

    headers: list[str]
    rows: list[list[str]]
    field_groups: list[str]


@dataclass(frozen=True)
class ListDefinition:
    # Names the URL (`exports:<name>`), the export's record and the audit entry's list.
    name: str
    # Shown on the export's page: "Export of <title>".
    title: str | Promise
    # ASCII stem of the file's name (a name never carries personal data).
    file_stem: str
    # The list page's parameters that select its rows.
    filter_names: tuple[str, ...]
    may_export: Callable[..., bool]
    count: Callable[..., int]
    table: Callable[..., ExportTable]
    # The list page showing these filters.
    back_url: Callable[[dict[str, str]], str]
    # Audit entry: the model the rows are about, its description and the purpose.
    model: type[Model]
    description: str
    purpose: str
    # Filters holding free text (numbers in them are masked in the audit entry).
    search_filters: tuple[str, ...] = field(default=("q",))


_LISTS: dict[str, ListDefinition] = {}


def register_list(definition: ListDefinition) -> None:
    """Called from AppConfig.ready(); registering the same name twice is a mistake."""
    if definition.name in _LISTS and _LISTS[definition.name] != definition:
        raise ValueError(f"export list {definition.name!r} is registered twice")
    _LISTS[definition.name] = definition


def list_definition(name: str) -> ListDefinition | None:
    return _LISTS.get(name)


def list_definitions() -> list[ListDefinition]:
    return list(_LISTS.values())


def clean_filters(params, names: Sequence[str]) -> dict[str, str]:
    """The list's parameters as typed, the empty ones dropped (at most 50 characters each,
    invisible characters removed as the list's search box does)."""
    filters = {}
    for name in names:
        value = params.get(name, "")
        value = (
            without_invisible(value).strip()[:FILTER_MAX_LENGTH] if isinstance(value, str) else ""
        )
        if value:
            filters[name] = value
    return filters


# Resident columns, shared by every list of residents or of records about them -------------


def resident_header(field_name: str) -> str:
    if field_name == "archive_number":
        return _("Archive number")
    if field_name == "status":
        return _("Status")
    return str(FIELD_LABELS[field_name])


def resident_value(resident: Resident, policy: FieldPolicy, field_name: str) -> str:
    """The value as this user may see it on this resident: in full, masked, or empty."""
    value = policy.display_value(resident, field_name)
    if value is None:
        return ""
    text = as_text(resident, field_name, value)
    return "" if text == "—" else text


def shown_resident_fields(policy: FieldPolicy, fields: Sequence[str]) -> list[str]:
    """Of `fields`, those the user sees in full or masked; none of a group they cannot see."""
    return [name for name in fields if policy.can_see(name) or policy.can_see_masked(name)]
