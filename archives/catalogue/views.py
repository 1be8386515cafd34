"""The personal archive page (居民档案)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from archives.catalogue.selectors import has_archive, personal_archive
from archives.purposes import ArchivePurpose
from archives.volumes.selectors import may_view_volumes
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.common.permissions import require_perm
from residents.models import Resident


def resident_archive(request, pk: int):
    require_perm(request.user, "archives.view_volume")
    resident = get_object_or_404(Resident, pk=pk)
    policy = policy_for(request.user, resident)
    if not has_archive(resident) or not policy.may_see_residents or not may_view_volumes(
        request.user
    ):
        raise Http404
    archive = personal_archive(request.user, resident)
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=ArchivePurpose.PERSONAL_ARCHIVE, request=request,
    )
    return render(request, "archives/resident_archive.html", {"archive": archive})
