"""Turning resident fields into display text, as far as a given user may see them."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from residents.access.policy import FieldPolicy
from residents.models import IdentityDocument, Resident

FIELD_LABELS = {
    "name": _("Name"),
    "gender": _("Gender"),
    "birth_date": _("Date of birth"),
    "id_number": _("ID number"),
    "hukou_location": _("Place of household registration"),
    "hukou_moved_in_on": _("Moved in on"),
    "address": _("Current address"),
    "residence_type": _("Residence type"),
    "living_since": _("Living here since"),
    "phone": _("Contact phone"),
    "service_needs": _("Service needs"),
    "documents_checked": _("Identity documents checked"),
    "consent_optional": _("Consent to optional information"),
    "channel": _("Channel"),
    "remarks": _("Remarks"),
    "hukou_type": _("Household registration type"),
    "area": _("Residence area"),
    "is_floating": _("Floating population"),
    "floating_arrived_on": _("Arrived on"),
    "floating_expected_until": _("Expected to stay until"),
    "employer": _("Employer"),
    "occupation": _("Occupation"),
    "position": _("Position"),
    "work_contact": _("Work contact"),
    "education_level": _("Education level"),
    "school": _("School"),
    "major": _("Major"),
    "rechecked_on": _("Last re-checked on"),
}

DETAIL_FIELDS = (
    "name", "gender", "birth_date", "id_number", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "address", "area", "residence_type", "living_since", "is_floating",
    "floating_arrived_on", "floating_expected_until", "phone", "employer", "occupation",
    "position", "work_contact", "education_level", "school", "major", "service_needs",
    "documents_checked", "consent_optional", "channel", "remarks", "rechecked_on",
)


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
