"""Destruction of volumes past retention (ARC-9, ACC-14).

One manager proposes a batch, a second approves it (four eyes); the approval executes it: the
personal data of the destroyed archives leaves every live table (residents.people.erasure: the
record anonymised in place, linked rows deleted or their free texts erased, documents deleted,
each app's eraser doing its own tables), each resident's audit key is deleted so their values in the
history become unreadable, and the batch keeps the destruction register (销毁清册).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import DestructionBatch, DestructionStatus, Retention, Volume, VolumeItem
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.people.erasure import resident_erase


def past_retention(today: datetime.date | None = None):
    """Volumes whose retention ended before this year and that are not yet destroyed."""
    year = (today or timezone.localdate()).year
    volumes = Volume.objects.filter(destroyed_at__isnull=True).exclude(
        retention=Retention.PERMANENT
    )
    return [volume for volume in volumes if volume.retention_ends < year]


def batch_propose(*, actor, volumes, reason: str) -> DestructionBatch:
    require_perm(actor, "archives.destroy_volume")
    if not reason.strip():
        raise ActionRefused(_("State the grounds for the destruction."), field="reason")
    volumes = list(volumes)
    if not volumes:
        raise ActionRefused(_("Choose at least one volume."), field="volumes")
    eligible = {volume.pk for volume in past_retention()}
    early = [volume.number for volume in volumes if volume.pk not in eligible]
    if early:
        raise ActionRefused(
            _("Still within retention, or already destroyed: %(numbers)s.")
            % {"numbers": "、".join(early)},
            field="volumes",
        )
    with transaction.atomic():
        batch = DestructionBatch.objects.create(proposed_by=actor, reason=reason.strip())
        batch.volumes.set(volumes)
    return batch


def batch_approve(*, batch: DestructionBatch, actor) -> DestructionBatch:
    require_perm(actor, "archives.destroy_volume")
    with transaction.atomic():
        locked = DestructionBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != DestructionStatus.PROPOSED:
            raise ActionRefused(_("This batch has already been destroyed."))
        if locked.proposed_by_id == actor.pk:
            raise ActionRefused(
                _("A second manager must approve a destruction proposed by you.")
            )
        volumes = list(locked.volumes.select_for_update())
        eligible = {volume.pk for volume in past_retention()}
        if any(volume.pk not in eligible for volume in volumes):
            raise ActionRefused(_("A volume of this batch is still within retention."))
        register = []
        now = timezone.now()
        for volume in volumes:
            items = list(VolumeItem.objects.filter(volume=volume).select_related(
                "resident", "case"
            ))
            register.append({
                "volume": volume.number,
                "title": volume.title,
                "year": volume.year,
                "class": volume.get_content_class_display(),
                "retention": volume.get_retention_display(),
                "archives": [item.resident.archive_number for item in items if item.resident],
                "cases": [item.case.number for item in items if item.case],
                "items": len(items),
            })
            for item in items:
                if item.resident is not None:
                    resident_erase(resident=item.resident)
            volume.destroyed_at = now
            volume.save(update_fields=["destroyed_at"])
        locked.status = DestructionStatus.DESTROYED
        locked.approved_by = actor
        locked.executed_at = now
        locked.register = [
            {key: (str(value) if key in ("class", "retention") else value)
             for key, value in row.items()} for row in register
        ]
        locked.save()
    return locked
