"""Erasing a destroyed resident's personal data from every live table (ARC-9, ACC-14).

Archive destruction (archives.destruction) calls `resident_erase`. Every app registers, from its
AppConfig.ready(), an eraser for the models of its own that point at a resident (directly or
through a case, a report, a register entry …), so this module never imports the apps above it;
a test fails when a model pointing at `Resident` is covered by no eraser.

What an eraser does with a row: rows that only link the resident (contacts, memberships,
identity documents, report links) are deleted; rows that statistics count (register entries,
services, cases, import rows) stay with their free texts replaced by ERASED, and free texts
shared with other people (a report, a case subject) lose the resident's name, ID number, phone
numbers and address. Updates go through querysets: the old values must not be written into the
change log again. The append-only log keeps its entries; the resident's values in it become
unreadable when their audit key is deleted, last.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import CharField, TextField

from residents.access.fields import RESIDENT_FIELDS, TRAIL_FIELDS
from residents.audit.sealing import destroy_key
from residents.documents.services import document_delete
from residents.models import (
    AccessGrant,
    BatchPrint,
    ContactRecord,
    Document,
    Emergency,
    EmergencyFollowUp,
    FormPrint,
    HardshipEntry,
    HelpLedgerEntry,
    Household,
    HouseholdMembership,
    HukouMove,
    ImportRow,
    KeyPersonEntry,
    KeyPersonVisit,
    Participation,
    Recheck,
    Resident,
    ResidentDocument,
    ResidentUserObjectPermission,
    SelfReport,
    ServiceRecord,
    Slip,
    SocialContact,
    StatusChange,
    VolunteerMembership,
)

# What stays of an erased name or free text: says that something was there and was destroyed.
ERASED = "（已销毁）"
MASK = "***"


@dataclass(frozen=True)
class Traces:
    """The resident's identifying values, taken before the record is anonymised: free texts
    shared with other records lose every occurrence of them."""

    resident_id: int
    values: tuple[str, ...]

    def scrub(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, MASK)
        return text

    def found_in(self, text: str) -> bool:
        return any(value in text for value in self.values)


@dataclass(frozen=True)
class Eraser:
    label: str
    # The models whose rows this eraser clears (checked against Resident's relations).
    models: tuple[type[models.Model], ...]
    erase: Callable[[Resident, Traces], None]


ERASERS: list[Eraser] = []


def register_eraser(
    *, label: str, models: Iterable[type[models.Model]]
) -> Callable[[Callable[[Resident, Traces], None]], Callable[[Resident, Traces], None]]:
    def decorator(function):
        if not any(eraser.label == label for eraser in ERASERS):
            ERASERS.append(Eraser(label=label, models=tuple(models), erase=function))
        return function

    return decorator


def covered_models() -> set[type[models.Model]]:
    return {model for eraser in ERASERS for model in eraser.models}


def traces_of(resident: Resident) -> Traces:
    values = [resident.name, resident.id_number, resident.phone, resident.work_contact,
              resident.address]
    values += list(resident.identity_documents.values_list("number", flat=True))
    values += list(resident.contacts.values_list("phone", flat=True))
    # Long values first, so a name inside an address goes with the address.
    kept = sorted({value.strip() for value in values if value and len(value.strip()) >= 2},
                  key=len, reverse=True)
    return Traces(resident_id=resident.pk, values=tuple(kept))


def erase_texts(queryset, fields: Iterable[str]) -> None:
    """Replace every non-empty value of these text fields by ERASED (one UPDATE per field)."""
    for field in fields:
        queryset.exclude(**{field: ""}).update(**{field: ERASED})


def scrub_texts(queryset, fields: Iterable[str], traces: Traces) -> None:
    """Remove the resident's identifying values from free texts that stay for others."""
    fields = list(fields)
    if not traces.values:
        return
    pattern = "|".join(re.escape(value) for value in traces.values)
    condition = models.Q()
    for field in fields:
        condition |= models.Q(**{f"{field}__regex": pattern})
    for row in queryset.filter(condition).values("pk", *fields):
        changed = {
            field: traces.scrub(row[field]) for field in fields
            if row[field] and traces.found_in(row[field])
        }
        if changed:
            queryset.model.objects.filter(pk=row["pk"]).update(**changed)


def _anonymised_values(resident: Resident) -> dict:
    values = {"name_sort_key": "", "id_number": f"X{resident.pk:017d}"[-18:]}
    for declared in RESIDENT_FIELDS:
        model_field = Resident._meta.get_field(declared.name)
        # Workflow facts (status, archive number) stay: the register names the archive.
        if declared.name in values or declared.name in TRAIL_FIELDS:
            continue
        if declared.name == "name":
            values["name"] = ERASED
        elif model_field.null:
            values[declared.name] = None
        elif isinstance(model_field, CharField | TextField) and (
            model_field.blank or not model_field.choices
        ):
            values[declared.name] = ""
        elif declared.name == "birth_date":
            values[declared.name] = datetime.date(1900, 1, 1)
    return values


@register_eraser(
    label="residents",
    models=(
        Slip, SocialContact, ResidentDocument, HukouMove, FormPrint, AccessGrant,
        ResidentUserObjectPermission, ServiceRecord, Participation, VolunteerMembership,
        Document, HouseholdMembership, ImportRow, HardshipEntry, HelpLedgerEntry,
        KeyPersonEntry, KeyPersonVisit, ContactRecord, StatusChange, Emergency,
        EmergencyFollowUp, Recheck, SelfReport, BatchPrint,
    ),
)
def _erase_residents_records(resident: Resident, traces: Traces) -> None:
    # Rows that only tie the resident to others: deleted (the change log records the deletion,
    # with its personal fields masked).
    for row in SocialContact.objects.filter(resident=resident):
        row.delete()
    for row in ResidentDocument.objects.filter(resident=resident):
        row.delete()
    for row in HukouMove.objects.filter(resident=resident):
        row.delete()
    for row in VolunteerMembership.objects.filter(resident=resident):
        row.delete()
    ResidentUserObjectPermission.objects.filter(content_object=resident).delete()
    households = list(
        HouseholdMembership.objects.filter(resident=resident).values_list("household", flat=True)
    )
    for row in HouseholdMembership.objects.filter(resident=resident):
        row.delete()
    # A household left without members keeps its number (statistics), not its address.
    Household.objects.filter(pk__in=households, memberships__isnull=True).update(address=ERASED)
    # Registers, services and tracking stay counted; their free texts go.
    erase_texts(ServiceRecord.objects.filter(resident=resident), ["note"])
    erase_texts(Participation.objects.filter(resident=resident), ["note"])
    erase_texts(HardshipEntry.objects.filter(resident=resident), ["note"])
    erase_texts(
        HelpLedgerEntry.objects.filter(hardship__resident=resident),
        ["help_given", "given_by", "next_step"],
    )
    erase_texts(KeyPersonEntry.objects.filter(resident=resident), ["note"])
    erase_texts(KeyPersonVisit.objects.filter(entry__resident=resident), ["summary"])
    erase_texts(ContactRecord.objects.filter(resident=resident), ["summary", "follow_up"])
    erase_texts(StatusChange.objects.filter(resident=resident), ["previous", "current"])
    erase_texts(
        Emergency.objects.filter(resident=resident),
        ["description", "help_given", "closing_note"],
    )
    erase_texts(EmergencyFollowUp.objects.filter(emergency__resident=resident), ["note"])
    erase_texts(Recheck.objects.filter(resident=resident), ["note"])
    erase_texts(SelfReport.objects.filter(resident=resident), ["text", "handling_note"])
    scrub_texts(AccessGrant.objects.filter(resident=resident), ["purpose", "decision_note"],
                traces)
    # Import rows stay counted in their batch's totals; what the file said of the resident goes.
    ImportRow.objects.filter(resident=resident).update(
        name="", id_number="", values={}, changed_fields=[], message="", resident=None
    )
    # A batch print's PDF holds the resident's slip; the batch keeps its counts.
    BatchPrint.objects.filter(resident_ids__contains=[resident.pk]).update(pdf=None)
    # Slips and printed forms stay as print records (who printed what, when: no personal
    # data); a slip's signed scan is a document and goes with the resident's documents.
    Slip.objects.filter(resident=resident).update(signed_document=None)
    for document in Document.objects.filter(resident=resident):
        document_delete(document=document)


def resident_erase(*, resident: Resident) -> None:
    """Remove a resident's personal data from every live table and make their audit history
    values unreadable. The caller checks the permission (archives.destruction does, four eyes)."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        traces = traces_of(resident)
        # Apps above residents first: their rows point at cases, reports, documents below.
        for eraser in reversed(ERASERS):
            eraser.erase(resident, traces)
        Resident.objects.filter(pk=resident.pk).update(**_anonymised_values(resident))
        # Last: whatever was logged until now is sealed with the key that goes.
        destroy_key(resident.pk)
