"""Handovers (交接): the one handing over records it, the receiver confirms."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import Handover
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm


def handover_record(*, actor, received_by, volumes, note: str = "") -> Handover:
    require_perm(actor, "archives.add_handover")
    volumes = list(volumes)
    if not volumes:
        raise ActionRefused(_("Choose at least one volume."), field="volumes")
    if received_by is None or received_by.pk == actor.pk:
        raise ActionRefused(
            _("The receiver must be someone other than the one handing over."),
            field="received_by",
        )
    with transaction.atomic():
        handover = Handover.objects.create(
            handed_by=actor, received_by=received_by, note=note.strip()
        )
        handover.volumes.set(volumes)
    return handover


def handover_confirm(*, actor, handover: Handover) -> Handover:
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.received_by_id != actor.pk:
            raise ActionRefused(_("Only the receiver confirms the receipt."))
        if locked.received_at is not None:
            raise ActionRefused(_("The receipt is already confirmed."))
        locked.received_at = timezone.now()
        locked.save(update_fields=["received_at"])
    return locked
