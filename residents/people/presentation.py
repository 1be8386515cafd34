"""Turning resident fields into display text, as far as a given user may see them."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from residents.access.fields import FIELD_LABELS
from residents.access.policy import FieldPolicy
from residents.models import IdentityDocument, Resident


def as_text(resident: Resident, field: str, value) -> str:
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if value in (None, "", []):
        return "—"
    if field == "documents_checked":
        labels = dict(IdentityDocument.choices)
        return "、".join(str(labels.get(item, item)) for item in value)
    model_field = Resident._meta.get_field(field)
    if model_field.choices and value == getattr(resident, field):
        return str(getattr(resident, f"get_{field}_display")())
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "Y-m-d")
    return str(value)


def display_rows(
    resident: Resident, policy: FieldPolicy, fields: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(label, text) for each field the user may see, masked where the policy says so."""
    rows = []
    for field in fields:
        value = policy.display_value(resident, field)
        if value is None and not policy.can_see(field):
            continue
        rows.append((str(FIELD_LABELS[field]), as_text(resident, field, value)))
    return rows
