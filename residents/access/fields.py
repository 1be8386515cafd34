"""One declaration per field of a resident's record: its field group, label and where it shows.

The field policy, the registration form, the resident page, the confirmation slip, the query
result slip and the audit trail all read this table, so a field is added in one place. A test
fails when a model field of `Resident` is missing here. A leaf module: it imports no model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class FieldGroup(StrEnum):
    BASIC = "basic"
    SERVICE_NEEDS = "service_needs"
    FEEDBACK = "feedback"
    SENSITIVE = "sensitive"
    KEY_PERSON = "key_person"


GROUP_LABELS = {
    FieldGroup.BASIC: _("Basic information"),
    FieldGroup.SERVICE_NEEDS: _("Service needs"),
    FieldGroup.FEEDBACK: _("Feedback"),
    FieldGroup.SENSITIVE: _("Comprehensive information"),
    FieldGroup.KEY_PERSON: _("Key person register"),
}


class Section(StrEnum):
    """Where a field sits on the printed result and the registration form."""

    IDENTITY = "identity"
    RESIDENCE = "residence"
    WORK = "work"
    SERVICES = "services"
    RECORD = "record"  # workflow facts kept by the system, never typed in


SECTION_LABELS = {
    Section.IDENTITY: _("Identity and contact"),
    Section.RESIDENCE: _("Household registration and residence"),
    Section.WORK: _("Work and education"),
    Section.SERVICES: _("Service needs and other information"),
}


@dataclass(frozen=True)
class ResidentField:
    name: str
    # None: shown to nobody (internal bookkeeping); the trail may still show it (`trail`).
    group: FieldGroup | None
    section: Section
    label: Promise | None = None
    editable: bool = False  # collected by the registration form, changed by change requests
    detail: bool = False  # on the resident page
    slip: bool = False  # on the registration confirmation slip
    result: bool = False  # on the query result slip (the resident's own record)
    trail: bool = False  # its values are workflow facts the audit trail may show
    # Given only with the resident's consent (PRI-1): without it the value is refused.
    voluntary: bool = False
    # Shown in full only to users who also see this other field in full; everyone else sees
    # the field's masked form (residents.access.policy.MASKED_FORMS). The birth date is the
    # middle of the ID number: shown beside any mask of it, it rebuilds the number.
    full_with: str | None = None
    # A date of the resident's life that cannot precede the birth and is often the day of
    # birth itself (a child "living here since" it was born): users who see only the birth
    # year see such a date in that year as the year alone. (Dates of the centre's own work —
    # registered, re-checked — are not of this kind.)
    after_birth: bool = False


_B, _S, _N = FieldGroup.BASIC, FieldGroup.SENSITIVE, FieldGroup.SERVICE_NEEDS
_ID, _RES, _WORK, _SVC, _REC = (
    Section.IDENTITY, Section.RESIDENCE, Section.WORK, Section.SERVICES, Section.RECORD
)
# Every field the registration form collects is on the slip the resident signs (REG-9).
_TYPED = {"editable": True, "detail": True, "result": True, "slip": True}
_VOLUNTARY = {**_TYPED, "voluntary": True}

RESIDENT_FIELDS: tuple[ResidentField, ...] = (
    ResidentField("name", _B, _ID, _("Name"), **_TYPED),
    ResidentField("gender", _B, _ID, _("Gender"), **_TYPED),
    ResidentField(
        "birth_date", _B, _ID, _("Date of birth"), full_with="id_number", **_TYPED
    ),
    ResidentField("id_number", _S, _ID, _("ID number"), **_TYPED),
    # Read from the ID number (residents.common.id_numbers), never typed.
    ResidentField("id_document", _B, _ID, _("ID number document"), detail=True, slip=True),
    ResidentField("phone", _S, _ID, _("Contact phone"), **_VOLUNTARY),
    ResidentField("hukou_type", _B, _RES, _("Household registration type"), **_TYPED),
    ResidentField(
        "hukou_location", _S, _RES, _("Place of household registration"), **_TYPED
    ),
    ResidentField(
        "hukou_moved_in_on", _S, _RES, _("Moved in on"), after_birth=True, **_TYPED
    ),
    ResidentField("address", _B, _RES, _("Current address"), **_TYPED),
    ResidentField("area", _B, _RES, _("Residence area"), **_TYPED),
    ResidentField("residence_type", _B, _RES, _("Residence type"), **_TYPED),
    ResidentField(
        "living_since", _B, _RES, _("Living here since"), after_birth=True, **_TYPED
    ),
    ResidentField("is_floating", _B, _RES, _("Floating population"), **_TYPED),
    ResidentField("floating_arrived_on", _B, _RES, _("Arrived on"), after_birth=True, **_TYPED),
    ResidentField("floating_expected_until", _B, _RES, _("Expected to stay until"), **_TYPED),
    ResidentField("employer", _S, _WORK, _("Employer"), **_VOLUNTARY),
    ResidentField("occupation", _S, _WORK, _("Occupation"), **_VOLUNTARY),
    ResidentField("position", _S, _WORK, _("Position"), **_VOLUNTARY),
    ResidentField("work_contact", _S, _WORK, _("Work contact"), **_VOLUNTARY),
    ResidentField("education_level", _S, _WORK, _("Education level"), **_VOLUNTARY),
    ResidentField("school", _S, _WORK, _("School"), **_VOLUNTARY),
    ResidentField("major", _S, _WORK, _("Major"), **_VOLUNTARY),
    ResidentField("service_needs", _N, _SVC, _("Service needs"), **_VOLUNTARY),
    ResidentField(
        "documents_checked", _B, _SVC, _("Identity documents checked"), trail=True,
        **_TYPED,
    ),
    ResidentField(
        "consent_optional", _B, _SVC, _("Consent to optional information"), trail=True,
        **_TYPED,
    ),
    ResidentField("remarks", _B, _SVC, _("Remarks"), **_VOLUNTARY),
    ResidentField(
        "rechecked_on", _B, _SVC, _("Last re-checked on"), detail=True, result=True
    ),
    ResidentField("channel", _B, _REC, _("Channel"), detail=True, slip=True, trail=True),
    ResidentField("status", _B, _REC, trail=True),
    ResidentField("archive_number", _B, _REC, trail=True),
    ResidentField("return_reason", _B, _REC),
    ResidentField("consent_recorded_at", None, _REC, trail=True),
    ResidentField("submitted_at", None, _REC, trail=True),
    ResidentField("submitted_by", None, _REC, trail=True),
    ResidentField("verified_at", None, _REC, trail=True),
    ResidentField("verified_by", None, _REC, trail=True),
    ResidentField("returned_at", None, _REC, trail=True),
    ResidentField("returned_by", None, _REC, trail=True),
    ResidentField("created_at", None, _REC, trail=True),
    ResidentField("created_by", None, _REC, trail=True),
    ResidentField("id", None, _REC),
    ResidentField("name_sort_key", None, _REC),
    ResidentField("updated_at", None, _REC),
)

BY_NAME = {field.name: field for field in RESIDENT_FIELDS}

# Which fields belong to which group. A field of no group is never shown to anyone.
FIELD_GROUPS: dict[FieldGroup, tuple[str, ...]] = {
    group: tuple(field.name for field in RESIDENT_FIELDS if field.group == group)
    for group in FieldGroup
}
SENSITIVE_FIELDS = frozenset(FIELD_GROUPS[FieldGroup.SENSITIVE])
# What the registration form collects; verified records change only through change requests.
EDITABLE_FIELDS = frozenset(field.name for field in RESIDENT_FIELDS if field.editable)
FIELD_LABELS = {field.name: field.label for field in RESIDENT_FIELDS if field.label}
DETAIL_FIELDS = tuple(field.name for field in RESIDENT_FIELDS if field.detail)
VOLUNTARY_FIELDS = tuple(field.name for field in RESIDENT_FIELDS if field.voluntary)
SLIP_FIELDS = tuple(field.name for field in RESIDENT_FIELDS if field.slip)
TRAIL_FIELDS = frozenset(field.name for field in RESIDENT_FIELDS if field.trail)
FULL_WITH = {field.name: field.full_with for field in RESIDENT_FIELDS if field.full_with}
AFTER_BIRTH_FIELDS = frozenset(field.name for field in RESIDENT_FIELDS if field.after_birth)
RESULT_SECTIONS: tuple[tuple[str, Promise, tuple[str, ...]], ...] = tuple(
    (
        str(section),
        SECTION_LABELS[section],
        tuple(f.name for f in RESIDENT_FIELDS if f.result and f.section == section),
    )
    for section in SECTION_LABELS
)

# The registration form's sections, in order (the form and its template read this): every
# field the form collects sits in exactly one of them.
REGISTRATION_SECTIONS: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    ("identity", _("Identity"), ("name", "id_number", "gender", "birth_date")),
    (
        "hukou", _("Household registration"),
        ("hukou_type", "hukou_location", "hukou_moved_in_on"),
    ),
    (
        "residence", _("Residence and contact"),
        (
            "address", "residence_type", "living_since", "area", "is_floating",
            "floating_arrived_on", "floating_expected_until", "phone",
        ),
    ),
    (
        "work", _("Work and education"),
        ("employer", "occupation", "position", "work_contact", "education_level", "school",
         "major"),
    ),
    ("needs", _("Needs and remarks"), ("service_needs", "remarks")),
    ("documents", _("Documents and consent"), ("documents_checked", "consent_optional")),
)
