"""Volumes (案卷, ARC-6): numbering, retention per class, where the paper is kept."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from archives.models import ClassRetention, ContentClass, Retention, Volume, VolumeSequence
from residents.common.errors import ActionRefused
from residents.common.numbering import year_counter_next
from residents.common.permissions import require_perm

# Until managers set otherwise: basic information and case files are kept for good.
DEFAULT_RETENTION = {
    ContentClass.BASIC: Retention.PERMANENT,
    ContentClass.LIVING: Retention.YEARS_30,
    ContentClass.SOCIAL: Retention.YEARS_10,
    ContentClass.COMPLAINTS: Retention.YEARS_10,
    ContentClass.CASES: Retention.YEARS_30,
    ContentClass.REPORTS: Retention.YEARS_10,
}


def retention_of(content_class: str) -> str:
    row = ClassRetention.objects.filter(content_class=content_class).first()
    return row.retention if row else DEFAULT_RETENTION[ContentClass(content_class)]


def retentions() -> dict[str, str]:
    """`retention_of` for every class, in one query."""
    kept = dict(ClassRetention.objects.values_list("content_class", "retention"))
    return {value: kept.get(value, DEFAULT_RETENTION[value]) for value in ContentClass.values}


def retention_set(*, actor, content_class: str, retention: str) -> ClassRetention:
    """A manager changes the retention of a class; volumes opened later take it."""
    require_perm(actor, "archives.change_classretention")
    if retention not in Retention.values or content_class not in ContentClass.values:
        raise ActionRefused(_("Choose a class and a retention period."))
    row, _created = ClassRetention.objects.update_or_create(
        content_class=content_class, defaults={"retention": retention}
    )
    return row


def _volume_number(year: int) -> str:
    return f"JD-{year}-{year_counter_next(model=VolumeSequence, year=year):04d}"


def volume_open(
    *, actor, title: str, category: str, content_class: str, year: int,
    room: str = "", cabinet: str = "", box: str = "", check: bool = True,
) -> Volume:
    """A new volume, numbered per year, with its class's retention."""
    if check:
        require_perm(actor, "archives.add_volume")
    with transaction.atomic():
        return Volume.objects.create(
            number=_volume_number(year), title=title, category=category,
            content_class=content_class, year=year, retention=retention_of(content_class),
            room=room, cabinet=cabinet, box=box, created_by=actor,
        )


def volume_update(*, actor, volume: Volume, data: dict) -> Volume:
    """Where the paper is kept and whether it is bound."""
    require_perm(actor, "archives.change_volume")
    with transaction.atomic():
        locked = Volume.objects.select_for_update().get(pk=volume.pk)
        if locked.destroyed_at:
            raise ActionRefused(_("This volume has been destroyed."))
        for name in ("room", "cabinet", "box", "binding", "title"):
            if name in data:
                setattr(locked, name, data[name])
        locked.full_clean()
        locked.save()
        return locked
