"""Demo archives: volumes of personal archives, the case volume, a signed slip whose scan is
in the document store, an approved access application, an inspection, and a destruction batch
waiting for its second manager."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from archives.applications import services as applications
from archives.catalogue.selectors import archive_category
from archives.destruction import services as destruction
from archives.inspections import services as inspections
from archives.models import ArchiveCategory, ContentClass, Volume, VolumeItem
from archives.volumes import services as volumes
from residents.access.policy import policy_for
from residents.models import RegistrationStatus, Resident
from residents.people import services as people


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if Volume.objects.exists():
        return 0
    manager, manager2, desk = users["manager"], users["manager2"], users["frontdesk"]
    year = timezone.localdate().year
    created = 0
    by_category: dict[str, Volume] = {}
    for resident in residents[:30]:
        category = archive_category(resident)
        volume = by_category.get(category)
        if volume is None:
            volume = volumes.volume_open(
                actor=manager, title=f"{dict(ArchiveCategory.choices)[category]} {year}",
                category=category, content_class=ContentClass.BASIC, year=year,
                room="档案室101", cabinet=f"A{len(by_category) + 1}", box="1",
            )
            by_category[category] = volume
            created += 1
        VolumeItem.objects.create(volume=volume, resident=resident)
    _signed_slip(desk, residents[:30])
    # An old volume of activity records, past its ten years: proposed for destruction.
    old = volumes.volume_open(
        actor=manager, title="2010年社区活动记录", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.SOCIAL, year=2010, room="档案室101", cabinet="C1", box="7",
    )
    if old.retention != "permanent":
        destruction.batch_propose(
            actor=manager, volumes=[old], reason="保管期限已满，经清点无续存价值"
        )
    first = next(iter(by_category.values()), None)
    if first is not None:
        application = applications.application_submit(
            actor=desk, purpose="核对居民低保申请材料", volumes=[first]
        )
        applications.application_approve(
            application=application, actor=manager,
            day=timezone.localdate() + datetime.timedelta(days=1),
            start=datetime.time(9, 0), end=datetime.time(11, 0), supervisor=manager2,
        )
    inspections.inspection_record(
        actor=manager, inspected_on=timezone.localdate() - datetime.timedelta(days=30),
        damage=False, mould=True, missing=False, findings="C柜底层轻微霉斑，已通风除湿并更换档案盒",
    )
    return created + 1


def _signed_slip(desk: User, residents: list[Resident]) -> None:
    """A printed confirmation slip, signed, its scan kept in the document store (the printed
    PDF stands in for the scan of the signed paper)."""
    resident = next(
        (r for r in residents if r.status == RegistrationStatus.VERIFIED), None
    )
    if resident is None:
        return
    slip, pdf = people.slip_print(resident=resident, actor=desk, policy=policy_for(desk))
    people.slip_mark_signed(
        slip=slip, actor=desk, signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("scan.pdf", pdf, content_type="application/pdf"),
    )
