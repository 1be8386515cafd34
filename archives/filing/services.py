"""Filing (ARC-7): a closed case goes into its year's case volume, once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import ArchiveCategory, ContentClass, Volume, VolumeItem
from archives.volumes.services import volume_open


def case_volume(year: int, actor) -> Volume:
    volume = Volume.objects.filter(
        category=ArchiveCategory.CASES, content_class=ContentClass.CASES, year=year,
        destroyed_at__isnull=True,
    ).order_by("number").first()
    if volume is None:
        volume = volume_open(
            actor=actor, title=_("Case files %(year)s") % {"year": year},
            category=ArchiveCategory.CASES, content_class=ContentClass.CASES, year=year,
            check=False,
        )
    return volume


def case_file(case) -> VolumeItem:
    """File a closed case with its steps, slips and materials; a second call changes nothing.
    Called by casework when a case closes (casework.engine.hooks)."""
    existing = VolumeItem.objects.filter(case=case).first()
    if existing is not None:
        return existing
    year = timezone.localtime(case.closed_at or timezone.now()).year
    # The volume is opened by whoever closed the case's last step.
    last_step = case.steps.order_by("-pk").first()
    actor = last_step.actor if last_step else get_user_model().objects.get(pk=case.opened_by_id)
    with transaction.atomic():
        volume = case_volume(year, actor)
        contents = {
            "steps": case.steps.count(),
            "slips": case.slips.count(),
            "materials": case.materials.count(),
        }
        item, _created = VolumeItem.objects.get_or_create(
            case=case, defaults={"volume": volume, "contents": contents}
        )
    return item


def case_filing(case) -> VolumeItem | None:
    return VolumeItem.objects.filter(case=case).select_related("volume").first()
