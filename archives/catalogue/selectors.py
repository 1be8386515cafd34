"""Personal archives (居民档案, ARC-1, ARC-3, ARC-5): one per verified resident, under their
archive number, classed by what the record says now (derived at read time, so it follows every
change of the record) and shown per content class through the viewer's field policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from archives.models import ArchiveCategory, ContentClass, VolumeItem
from residents.access.fields import FIELD_GROUPS, FIELD_LABELS, FieldGroup
from residents.access.policy import policy_for
from residents.models import (
    Document,
    HukouType,
    KeyPersonEntry,
    Participation,
    RegistrationStatus,
    Resident,
    ServiceRecord,
    Slip,
)


def archive_category(resident: Resident) -> str:
    """户籍 / 非户籍 from the record's household registration; 特殊情况 while the resident is
    on the key-person register."""
    if KeyPersonEntry.objects.current().filter(resident=resident).exists():
        return ArchiveCategory.SPECIAL
    if resident.hukou_type == HukouType.NON_REGISTERED:
        return ArchiveCategory.NON_REGISTERED
    return ArchiveCategory.REGISTERED


def has_archive(resident: Resident) -> bool:
    return resident.status == RegistrationStatus.VERIFIED and bool(resident.archive_number)


@dataclass
class ClassSection:
    content_class: str
    label: str
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PersonalArchive:
    resident: Resident
    category: str
    category_label: str
    sections: list[ClassSection]
    slips: list
    documents: list
    volumes: list


def personal_archive(user, resident: Resident) -> PersonalArchive:
    """What the archive page shows to this user: live values their policy shows, per class."""
    policy = policy_for(user, resident)
    labels = dict(ContentClass.choices)
    basic = ClassSection(ContentClass.BASIC, str(labels[ContentClass.BASIC]))
    living = ClassSection(ContentClass.LIVING, str(labels[ContentClass.LIVING]))
    for name in FIELD_GROUPS[FieldGroup.BASIC] + FIELD_GROUPS[FieldGroup.SERVICE_NEEDS]:
        if name not in FIELD_LABELS:
            continue
        value = policy.display_value(resident, name)
        if value in (None, ""):
            continue
        target = living if name in {"address", "residence_type", "living_since"} else basic
        model_field = Resident._meta.get_field(name)
        shown = getattr(resident, f"get_{name}_display")() if model_field.choices else value
        target.rows.append((str(FIELD_LABELS[name]), str(shown)))
    social = ClassSection(ContentClass.SOCIAL, str(labels[ContentClass.SOCIAL]))
    if policy.can_see_group(FieldGroup.SERVICE_NEEDS):
        for participation in Participation.objects.filter(resident=resident).select_related(
            "activity"
        )[:50]:
            social.rows.append((str(participation.activity), ""))
        for service in ServiceRecord.objects.filter(resident=resident)[:50]:
            if policy.can_see_record(service):
                social.rows.append((service.get_kind_display(), str(service.pk)))
    complaints = ClassSection(ContentClass.COMPLAINTS, str(labels[ContentClass.COMPLAINTS]))
    slips = list(Slip.objects.filter(resident=resident).order_by("-printed_at")[:50])
    documents = [
        document for document in Document.objects.filter(resident=resident).order_by("-pk")
        if policy.can_see_groups(document.field_groups)
    ]
    volumes = list(
        VolumeItem.objects.filter(resident=resident).select_related("volume")
        .values_list("volume__number", flat=True)
    )
    category = archive_category(resident)
    return PersonalArchive(
        resident=resident,
        category=category,
        category_label=str(dict(ArchiveCategory.choices)[category]),
        sections=[basic, living, social, complaints],
        slips=slips,
        documents=documents,
        volumes=volumes,
    )


def archive_year(resident: Resident) -> int:
    moment = resident.verified_at or resident.created_at
    return timezone.localtime(moment).year
