"""Exports of the resident list as CSV or XLSX (DAT-2), masked by the viewer's field policy.

A file holds what its user sees: the columns of the field groups they may see (ID number and
phone masked, the birth date as its year only, for those without the full ID number), every
cell made safe against spreadsheet formulas, and one audit entry naming the filters, the row
count and the field groups. Up to EXPORT_SYNC_MAX_ROWS rows the file is answered at once;
larger lists are built by the job queue (`export_build`) and downloaded once from their page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from tablib import Dataset

from config.database_replica import reading_from_replica
from residents.access.fields import DETAIL_FIELDS, FIELD_LABELS
from residents.access.masking import mask_search_term
from residents.access.policy import FieldPolicy, policies_for, policy_for
from residents.audit.log import record_export
from residents.audit.purposes import ReadPurpose
from residents.audit.resources import cell
from residents.common.errors import ActionRefused
from residents.common.validation import without_invisible
from residents.models import ExportFile, ExportStatus, Resident
from residents.people import selectors
from residents.people.filters import residents_matching
from residents.people.presentation import as_text

RESIDENT_LIST = "residents"
FORMATS = {
    "csv": (CSV, "text/csv; charset=utf-8"),
    "xlsx": (XLSX, XLSX.CONTENT_TYPE),
}
# The list's own parameters (the search box, the status and the filter bar).
FILTER_NAMES = ("q", "status", "age_group", "hukou_type", "floating", "register", "area")
CHUNK_SIZE = 1000


def sync_max_rows() -> int:
    return getattr(settings, "EXPORT_SYNC_MAX_ROWS", 2000)


def file_hours() -> int:
    return getattr(settings, "EXPORT_FILE_HOURS", 24)


def may_export_residents(user) -> bool:
    """Users whose role sees residents; staff who see only granted residents export nothing."""
    return policy_for(user).may_see_residents


def require_resident_export(user) -> None:
    if not may_export_residents(user):
        raise PermissionDenied


def clean_filters(params) -> dict[str, str]:
    """The list's parameters as typed, the empty ones dropped (at most 50 characters each,
    invisible characters removed as the list's search box does)."""
    filters = {}
    for name in FILTER_NAMES:
        value = params.get(name, "")
        value = without_invisible(value).strip()[:50] if isinstance(value, str) else ""
        if value:
            filters[name] = value
    return filters


def logged_filters(filters: dict[str, str]) -> dict[str, str]:
    """The filters as the audit entry keeps them: numbers in the search term masked (ACC-9)."""
    shown = dict(filters)
    if "q" in shown:
        shown["q"] = mask_search_term(shown["q"])
    return shown


def selected_residents(user, filters: dict[str, str]):
    """The residents of the list page for these filters, in the list's order."""
    return residents_matching(user, filters)


def export_columns(policy: FieldPolicy) -> list[str]:
    """The record's fields this user sees, in full or masked; none of a group they cannot see."""
    return [
        field for field in ("archive_number", *DETAIL_FIELDS, "status")
        if policy.can_see(field) or policy.can_see_masked(field)
    ]


def _header(field: str) -> str:
    if field == "archive_number":
        return _("Archive number")
    if field == "status":
        return _("Status")
    return str(FIELD_LABELS[field])


def _text(resident: Resident, policy: FieldPolicy, field: str) -> str:
    value = policy.display_value(resident, field)
    if value is None:
        return ""
    text = as_text(resident, field, value)
    return "" if text == "—" else text


def exported_groups(policy: FieldPolicy, columns: Iterable[str]) -> list[str]:
    """The groups the file carries: those of the columns shown in full (a mask carries none)."""
    return policy.groups_shown_in_full(columns)


@dataclass(frozen=True)
class BuiltFile:
    content: bytes
    rows: int
    field_groups: list[str]


def build_file(user, filters: dict[str, str], file_format: str) -> BuiltFile:
    """The file of the filtered list as `user` sees it, read from the replica when there is one."""
    policy = policy_for(user)
    columns = export_columns(policy)
    dataset = Dataset(headers=[_header(field) for field in columns])
    with reading_from_replica():
        pks = list(selected_residents(user, filters).values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK_SIZE):
            chunk = selectors.residents_in_order(user, pks[start:start + CHUNK_SIZE])
            policies = policies_for(user, chunk)
            for resident in chunk:
                own = policies[resident.pk]
                dataset.append([cell(_text(resident, own, field)) for field in columns])
    format_class, _content_type = FORMATS[file_format]
    content = format_class().export_data(dataset)
    if isinstance(content, str):
        # BOM: spreadsheet programs then read the CSV as UTF-8.
        content = ("\ufeff" + content).encode("utf-8")
    return BuiltFile(
        content=content, rows=len(dataset), field_groups=exported_groups(policy, columns)
    )


def record_resident_export(
    *, actor, filters: dict[str, str], built: BuiltFile, file_format: str, request=None
) -> None:
    record_export(
        actor=actor,
        model=Resident,
        description="Resident list export",
        request=request,
        extra={
            "purpose": ReadPurpose.RESIDENT_LIST_EXPORT,
            "filters": logged_filters(filters),
            "rows": built.rows,
            "format": file_format,
            "field_groups": built.field_groups,
        },
    )


def count_selected(user, filters: dict[str, str]) -> int:
    with reading_from_replica():
        return selected_residents(user, filters).count()


def export_queue(*, actor: User, filters: dict[str, str], file_format: str) -> ExportFile:
    """Queue a large export; the job's argument is the export's id, never personal data."""
    from residents.exports.tasks import build_export

    require_resident_export(actor)
    with transaction.atomic():
        export = ExportFile.objects.create(
            list_name=RESIDENT_LIST, file_format=file_format, filters=filters,
            requested_by=actor,
        )
        transaction.on_commit(lambda: build_export.defer(export_id=export.pk))
    return export


def export_build(*, export_id: int) -> None:
    """The job: build the file as its requester sees it now (a withdrawn role exports nothing)."""
    export = ExportFile.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return
    user = export.requested_by
    if not (user.is_active and may_export_residents(user)):
        ExportFile.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, filters={})
        return
    built = build_file(user, export.filters, export.file_format)
    with transaction.atomic():
        record_resident_export(
            actor=user, filters=export.filters, built=built, file_format=export.file_format
        )
        ExportFile.objects.filter(pk=export.pk).update(
            status=ExportStatus.READY, content=built.content, rows=built.rows,
            ready_at=timezone.now(), filters={},
        )


def export_for_requester(user, export_id: int) -> ExportFile | None:
    """The user's own export (None for anyone else's: it is not theirs to know about)."""
    export = ExportFile.objects.filter(pk=export_id, requested_by=user).first()
    if export is not None and export.status == ExportStatus.READY and export.ready_at and (
        timezone.now() - export.ready_at > datetime.timedelta(hours=file_hours())
    ):
        ExportFile.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, content=None)
        export.refresh_from_db()
    return export


def export_download(*, actor: User, export_id: int) -> ExportFile:
    """Hand the file out once: its bytes are wiped in the same transaction."""
    require_resident_export(actor)
    if export_for_requester(actor, export_id) is None:
        raise Http404
    with transaction.atomic():
        export = ExportFile.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.READY:
            raise ActionRefused(
                _("This file is no longer available: each export can be downloaded once, "
                  "within %(hours)s hours. Export the list again.") % {"hours": file_hours()}
            )
        content = bytes(export.content)
        ExportFile.objects.filter(pk=export.pk).update(
            status=ExportStatus.DOWNLOADED, content=None, downloaded_at=timezone.now()
        )
    export.content = content
    return export
