"""Work groups (REP-12): name, designated reviewer and seal image."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from reporters.documents import IMAGES, store
from reporters.models import WorkGroup
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import DocumentKind

MANAGE = "reporters.manage_reporters"


def _refuse_reviewer(reviewer: User | None) -> None:
    if reviewer is not None and (not reviewer.is_active or reviewer.has_perm(
        "reporters.file_report"
    )):
        raise ActionRefused(
            _("The designated reviewer is a member of staff, not a reporter."), field="reviewer"
        )


def group_save(
    *, actor: User, group: WorkGroup | None, name: str, reviewer: User | None,
    seal: bytes | None = None,
) -> WorkGroup:
    """Create or change a group; a new seal image (PNG or JPG only) replaces the old one."""
    require_perm(actor, MANAGE)
    _refuse_reviewer(reviewer)
    with transaction.atomic():
        if WorkGroup.objects.filter(name=name).exclude(pk=getattr(group, "pk", None)).exists():
            raise ActionRefused(_("A work group of this name exists already."), field="name")
        stored = None
        if seal:
            stored = store(data=seal, kind=DocumentKind.SEAL, uploaded_by=actor,
                           allowed=IMAGES, field="seal")
        if group is None:
            return WorkGroup.objects.create(name=name, reviewer=reviewer, seal=stored)
        group = WorkGroup.objects.select_for_update().get(pk=group.pk)
        group.name = name
        group.reviewer = reviewer
        group.seal = stored or group.seal
        group.save(update_fields=["name", "reviewer", "seal"])
        return group
