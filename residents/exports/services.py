"""Exports of lists as CSV or XLSX (DAT-2), masked by the viewer's field policy: one path for
every list registered in residents/exports/lists.py.

A file holds what its user sees (each list lays out its rows through the field policy),
every cell made safe against spreadsheet formulas, and one audit entry naming the list's
filters, the row count and the field groups. Up to EXPORT_SYNC_MAX_ROWS rows the file is
answered at once; larger lists are built by the job queue (`export_build`) and downloaded
once from their page. Files not downloaded within EXPORT_FILE_HOURS are deleted
(`export_files_prune`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from tablib import Dataset

from config.database_replica import reading_from_replica
from residents.access.masking import mask_search_term
from residents.audit.log import record_export
from residents.audit.resources import cell
from residents.common.errors import ActionRefused
from residents.exports import lists
from residents.exports.lists import ListDefinition
from residents.exports.resident_list import FILTER_NAMES as RESIDENT_FILTER_NAMES
from residents.models import ExportFile, ExportStatus

FORMATS = {
    "csv": (CSV, "text/csv; charset=utf-8"),
    "xlsx": (XLSX, XLSX.CONTENT_TYPE),
}


def sync_max_rows() -> int:
    return getattr(settings, "EXPORT_SYNC_MAX_ROWS", 2000)


def file_hours() -> int:
    return getattr(settings, "EXPORT_FILE_HOURS", 24)


def definition_for(name: str) -> ListDefinition:
    definition = lists.list_definition(name)
    if definition is None:
        raise Http404
    return definition


def require_export(user, definition: ListDefinition) -> None:
    if not definition.may_export(user):
        raise PermissionDenied


def require_some_export(user) -> None:
    """Export pages are for users who may export at least one list."""
    if not any(definition.may_export(user) for definition in lists.list_definitions()):
        raise PermissionDenied


def clean_filters(params, names=RESIDENT_FILTER_NAMES) -> dict[str, str]:
    """The list's parameters as typed (the resident list's unless `names` says otherwise)."""
    return lists.clean_filters(params, names)


def logged_filters(definition: ListDefinition, filters: dict[str, str]) -> dict[str, str]:
    """The filters as the audit entry keeps them: numbers in a search term masked (ACC-9)."""
    shown = dict(filters)
    for name in definition.search_filters:
        if name in shown:
            shown[name] = mask_search_term(shown[name])
    return shown


@dataclass(frozen=True)
class BuiltFile:
    content: bytes
    rows: int
    field_groups: list[str]


def build_file(user, definition: ListDefinition, filters: dict[str, str], file_format: str):
    """The file of the filtered list as `user` sees it, read from the replica when there is
    one; every cell formula-safe."""
    with reading_from_replica():
        table = definition.table(user, filters)
    dataset = Dataset(headers=[cell(header) for header in table.headers])
    for row in table.rows:
        dataset.append([cell(value) for value in row])
    format_class, _content_type = FORMATS[file_format]
    content = format_class().export_data(dataset)
    if isinstance(content, str):
        # BOM: spreadsheet programs then read the CSV as UTF-8.
        content = ("\ufeff" + content).encode("utf-8")
    return BuiltFile(content=content, rows=len(dataset), field_groups=table.field_groups)


def record_list_export(
    *, actor, definition: ListDefinition, filters: dict[str, str], built: BuiltFile,
    file_format: str, request=None,
) -> None:
    record_export(
        actor=actor,
        model=definition.model,
        description=definition.description,
        request=request,
        extra={
            "purpose": definition.purpose,
            "list": definition.name,
            "filters": logged_filters(definition, filters),
            "rows": built.rows,
            "format": file_format,
            "field_groups": built.field_groups,
        },
    )


def count_selected(user, definition: ListDefinition, filters: dict[str, str]) -> int:
    with reading_from_replica():
        return definition.count(user, filters)


def export_queue(
    *, actor: User, definition: ListDefinition, filters: dict[str, str], file_format: str
) -> ExportFile:
    """Queue a large export; the job's argument is the export's id, never personal data."""
    from residents.exports.tasks import build_export

    require_export(actor, definition)
    with transaction.atomic():
        export = ExportFile.objects.create(
            list_name=definition.name, file_format=file_format, filters=filters,
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
    definition = lists.list_definition(export.list_name)
    if definition is None or not (user.is_active and definition.may_export(user)):
        ExportFile.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, filters={})
        return
    built = build_file(user, definition, export.filters, export.file_format)
    with transaction.atomic():
        record_list_export(
            actor=user, definition=definition, filters=export.filters, built=built,
            file_format=export.file_format,
        )
        ExportFile.objects.filter(pk=export.pk).update(
            status=ExportStatus.READY, content=built.content, rows=built.rows,
            ready_at=timezone.now(), filters={},
        )


def _expired(export: ExportFile, now: datetime.datetime) -> bool:
    return bool(
        export.status == ExportStatus.READY and export.ready_at
        and now - export.ready_at > datetime.timedelta(hours=file_hours())
    )


def export_for_requester(user, export_id: int) -> ExportFile | None:
    """The user's own export (None for anyone else's: it is not theirs to know about)."""
    export = ExportFile.objects.filter(pk=export_id, requested_by=user).first()
    if export is not None and _expired(export, timezone.now()):
        ExportFile.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, content=None)
        export.refresh_from_db()
    return export


def export_download(*, actor: User, export_id: int) -> ExportFile:
    """Hand the file out once: its bytes are wiped in the same transaction."""
    require_some_export(actor)
    export = export_for_requester(actor, export_id)
    if export is None:
        raise Http404
    require_export(actor, definition_for(export.list_name))
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


def export_files_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports not downloaded within EXPORT_FILE_HOURS of being ready.

    The export's row stays (its page then says the file is no longer available); only the
    bytes go. Downloaded files were wiped when handed out. Returns how many files were deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=file_hours())
    return ExportFile.objects.filter(
        Q(status=ExportStatus.READY, ready_at__lt=cutoff)
        | Q(status=ExportStatus.EXPIRED, content__isnull=False)
    ).update(status=ExportStatus.EXPIRED, content=None)
