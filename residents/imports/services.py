"""Resident imports from shared files (DAT-1, REG-6, UPD-5): upload, dry run, import.

Upload: the file is checked as a whole (type by content, size, encoding, one import per file by
its SHA-256) and a batch is made. Dry run: every row is checked (rows.py) and its outcome kept;
small files are checked during the upload, larger ones by a job. Import, once the uploader
confirms: new people become submitted registrations of channel "import" (staff verify them
like any other), differences on verified residents become change notices — nothing on a record
is overwritten. Every registration and notice is audited with the batch, who started it and
the file's SHA-256. The import commits chunk by chunk; a run that stops is continued by
running its job again (see `import_run`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from residents.audit.context import Event, acting_as, entries
from residents.common.copy import copy_rows
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.imports import notices
from residents.imports.files import FileRefused, file_kind, read_table
from residents.imports.rows import IMPORT_FIELDS, check_rows, field_label, registration_values
from residents.models import (
    ImportBatch,
    ImportProfile,
    ImportRow,
    ImportStatus,
    Resident,
    RowOutcome,
)
from residents.models.imports import RETRYABLE_STATUSES
from residents.people.services import registrations_import

PERMISSION = "residents.run_import"
PROFILE_PERMISSION = "residents.change_importprofile"
# Rows are imported this many at a time, each chunk committed with its progress.
IMPORT_CHUNK = 5000
# Connections importing new rows side by side (the machine's two cores; 1: one at a time).
IMPORT_WORKERS = 2
# The messages of the dry run are kept in the centre's language (SPEC: reasons in Chinese).
MESSAGE_LANGUAGE = "zh-hans"


class DuplicateFile(ActionRefused):
    """The same file was uploaded before: the page links that import (`first_pk`)."""

    def __init__(self, first_pk: int) -> None:
        super().__init__(
            _("This file was already uploaded (import #%(number)s); the same file is imported "
              "once only.") % {"number": first_pk},
            field="file",
        )
        self.first_pk = first_pk


def _first_with_hash(sha256: str) -> int | None:
    return (
        ImportBatch.objects.filter(sha256=sha256)
        .exclude(status__in=RETRYABLE_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )


# Profiles ------------------------------------------------------------------------------------


def import_profile_save(*, actor: User, source: str, columns: dict[str, str]) -> ImportProfile:
    """Set the column headings of a source's files (managers)."""
    require_perm(actor, PROFILE_PERMISSION)
    cleaned = {
        name: " ".join(str(heading).split())
        for name, heading in columns.items()
        if name in IMPORT_FIELDS and heading and str(heading).strip()
    }
    with transaction.atomic():
        profile = ImportProfile.objects.select_for_update().filter(source=source).first()
        if profile is None:
            profile = ImportProfile(source=source)
        profile.columns = cleaned
        profile.updated_by = actor
        profile.full_clean()
        profile.save()
    return profile


# Upload and dry run --------------------------------------------------------------------------


def import_upload(
    *, actor: User, profile: ImportProfile, data: bytes, remote_addr: str | None = None
) -> ImportBatch:
    """Make a batch of an uploaded file and start its dry run (FileRefused, DuplicateFile)."""
    require_perm(actor, PERMISSION)
    kind = file_kind(data)
    sha256 = hashlib.sha256(data).hexdigest()
    first = _first_with_hash(sha256)
    if first is not None:
        raise DuplicateFile(first)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                source=profile.source, columns=dict(profile.columns), started_by=actor,
                remote_addr=remote_addr, sha256=sha256, file_kind=kind, data=data,
            )
    except IntegrityError as exc:  # the same file uploaded at the same moment
        raise DuplicateFile(_first_with_hash(sha256) or 0) from exc
    if len(data) <= settings.IMPORT_SYNC_MAX_BYTES:
        return import_check(batch_id=batch.pk)
    from residents.imports.tasks import check_import_file  # the tasks module imports this one

    transaction.on_commit(lambda: check_import_file.defer(batch_id=batch.pk))
    return batch


def _refuse(batch: ImportBatch, message: str) -> ImportBatch:
    batch.status = ImportStatus.REFUSED
    batch.message = message
    batch.data = None
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "message", "data", "finished_at"])
    batch.rows.all().delete()
    return batch


def import_check(*, batch_id: int) -> ImportBatch:
    """The dry run (a job for large files): read the file, check and keep every row's outcome.

    Progress is committed as it goes, for the page; a refused file keeps no row.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportStatus.CHECKING:
        return batch
    with translation.override(MESSAGE_LANGUAGE):
        try:
            table = read_table(bytes(batch.data))
            batch.file_kind, batch.encoding = table.kind, table.encoding
            batch.total_rows = len(table.rows)
            batch.save(update_fields=["file_kind", "encoding", "total_rows"])
            counts = dict.fromkeys(RowOutcome.values, 0)
            for chunk in check_rows(table, batch.columns):
                _store_rows(batch, chunk)
                for row in chunk:
                    counts[row.outcome] += 1
                batch.checked_rows += len(chunk)
                batch.save(update_fields=["checked_rows"])
        except FileRefused as refusal:
            return _refuse(batch, str(refusal.message))
    batch.new_rows = counts[RowOutcome.NEW]
    batch.change_rows = counts[RowOutcome.CHANGE]
    batch.unchanged_rows = counts[RowOutcome.UNCHANGED]
    batch.error_rows = counts[RowOutcome.ERROR]
    batch.status = ImportStatus.CHECKED
    batch.save(
        update_fields=["new_rows", "change_rows", "unchanged_rows", "error_rows", "status"]
    )
    return batch


_ROW_COLUMNS = (
    "batch_id", "line", "outcome", "name", "id_number", "values", "changed_fields", "message",
    "resident_id", "case_number",
)


def _store_rows(batch: ImportBatch, chunk: list) -> None:
    """The outcome of each row of a chunk, in one COPY (an INSERT of thousands of JSON values
    costs more to build than to run)."""
    copy_rows(table=ImportRow._meta.db_table, columns=_ROW_COLUMNS, rows=(
        (
            batch.pk, row.line, row.outcome, row.name, row.id_number, Jsonb(row.values),
            Jsonb(row.changed_fields), row.message, row.resident_id, "",
        )
        for row in chunk
    ))


# Import ----------------------------------------------------------------------------------------


def import_confirm(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """The uploader confirms the dry run: the import is queued as a job."""
    require_perm(actor, PERMISSION)
    require_perm(actor, "residents.add_resident")
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().defer("data").get(pk=batch.pk)
        if locked.started_by_id != actor.pk:
            raise ActionRefused(_("Only whoever uploaded the file confirms its import."))
        if locked.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.DONE):
            return locked  # a second click on the button
        if locked.status != ImportStatus.CHECKED:
            raise ActionRefused(_("The dry run of this file is not finished."))
        if not locked.importable:
            raise ActionRefused(_("The file has no new registration and no change to import."))
        locked.status = ImportStatus.QUEUED
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_at"])
        from residents.imports.tasks import run_import  # the tasks module imports this one

        transaction.on_commit(lambda: run_import.defer(batch_id=locked.pk))
    return locked


def _audit_data(batch: ImportBatch, line: int) -> dict:
    return {
        "event": Event.IMPORT,
        "import_batch": batch.pk,
        "started_by": batch.started_by_id,
        "file_sha256": batch.sha256,
        "source": batch.source,
        "line": line,
    }


def _notice_details(batch: ImportBatch, row: ImportRow) -> str:
    source = batch.get_source_display()
    lines = [
        _("The shared data of %(source)s (import #%(number)s, line %(line)s) differs from the "
          "record:") % {"source": source, "number": batch.pk, "line": row.line}
    ]
    for name in row.changed_fields:
        lines.append(f"{field_label(name)}：{row.values.get(name) or '—'}")
    lines.append(_("Ask the resident to confirm the change at the window."))
    return "\n".join(lines)


# A batch in these statuses is (still, or again) imported by `import_run`: a run that stopped
# continues with the rows it had not done.
RUNNABLE_STATUSES = (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.FAILED)


def import_run(*, batch_id: int) -> ImportBatch:
    """Import a confirmed batch (the job's work): registrations, then change notices.

    Chunk by chunk, each in a transaction of its own (its registrations or notices, their audit
    entries, the rows linked to them and the progress): the audit log's chain lock and the
    resident counts are held for a chunk, never for a whole file. A run that stops leaves
    whole chunks imported and the batch failed; running the job again (the jobs page's retry)
    continues with the rows not yet done — a row is done once linked to its registration or
    notice — so nobody is registered or noticed twice.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().defer("data").get(pk=batch_id)
        if batch.status not in RUNNABLE_STATUSES or batch.confirmed_at is None:
            return batch
        batch.status = ImportStatus.IMPORTING
        batch.message = ""
        batch.save(update_fields=["status", "message"])
    actor = batch.started_by
    try:
        with acting_as(actor, batch.remote_addr), translation.override(MESSAGE_LANGUAGE):
            _import_new_rows(batch, actor)
            while _import_changes_chunk(batch, actor):
                pass
            with transaction.atomic():
                batch = ImportBatch.objects.select_for_update().defer("data").get(pk=batch_id)
                batch.done_rows = batch.importable
                batch.status = ImportStatus.DONE
                batch.finished_at = timezone.now()
                batch.data = None
                batch.save(update_fields=["done_rows", "status", "finished_at", "data"])
    except Exception:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    return batch


def _chunk_begin(batch: ImportBatch) -> bool:
    return (
        ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True).get()
        == ImportStatus.IMPORTING
    )


def _count_done(batch: ImportBatch, count: int) -> None:
    # Last in the chunk's transaction (the batch row stays locked until the commit): the page
    # sees the progress as the chunk commits.
    ImportBatch.objects.filter(pk=batch.pk).update(done_rows=F("done_rows") + count)


def _import_new_rows(batch: ImportBatch, actor: User) -> None:
    """Every new row registered, chunk after chunk, on IMPORT_WORKERS connections side by side.

    The database does most of the work (indexes, the counts, the audit chain), so two
    connections keep both cores busy: while one chunk writes its audit entries and commits,
    the next one's registrations are being inserted. Each worker claims its chunk's rows
    (SKIP LOCKED); the locks both take — the counts rows in the counts trigger's sorted order,
    then the audit chain's — come in the same order, so they queue and never deadlock.
    Inside a caller's transaction (tests) other connections would not see its rows: one
    connection does it all.
    """
    if IMPORT_WORKERS < 2 or connection.in_atomic_block:
        while _import_new_chunk(batch, actor):
            pass
        return
    stop = threading.Event()

    def work() -> None:
        try:
            with acting_as(actor, batch.remote_addr), translation.override(MESSAGE_LANGUAGE):
                while not stop.is_set() and _import_new_chunk(batch, actor):
                    pass
        except Exception:
            stop.set()  # the other worker ends after its chunk: the run stops whole-chunked
            raise
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=IMPORT_WORKERS) as pool:
        futures = [pool.submit(work) for _ in range(IMPORT_WORKERS)]
    for future in futures:
        future.result()


def _import_new_chunk(batch: ImportBatch, actor: User) -> bool:
    """The next chunk of new people as submitted registrations; False when none is left."""
    with transaction.atomic():
        if not _chunk_begin(batch):
            return False
        with connection.cursor() as cursor:
            # The values as the dry run stored them; rows already linked were done before, rows
            # locked are another worker's chunk.
            cursor.execute(
                f"SELECT id, line, id_number, values FROM {ImportRow._meta.db_table} "
                "WHERE batch_id = %s AND outcome = %s AND resident_id IS NULL "
                "ORDER BY line LIMIT %s FOR UPDATE SKIP LOCKED",
                [batch.pk, RowOutcome.NEW, IMPORT_CHUNK],
            )
            chunk = cursor.fetchall()
            if not chunk:
                return False
            # Registered since the dry run (at the window, or by another import): not again.
            cursor.execute(
                f"SELECT id_number, id FROM {Resident._meta.db_table} "
                "WHERE id_number = ANY(%s)",
                [[id_number for _pk, _line, id_number, _values in chunk]],
            )
            taken = dict(cursor.fetchall())
        fresh = [row for row in chunk if row[2] not in taken]
        created = registrations_import(
            actor=actor,
            # Django leaves JSON undecoded on a raw cursor.
            rows=[registration_values(json.loads(values)) for _pk, _l, _n, values in fresh],
            audit_data=[_audit_data(batch, line) for _pk, line, _number, _values in fresh],
        )
        _link_rows([(row[0], resident) for row, resident in zip(fresh, created, strict=True)])
        late = [(pk, taken[number]) for pk, _line, number, _values in chunk if number in taken]
        if late:
            _link_rows(
                late, outcome=RowOutcome.ERROR,
                message=_("Registered since the dry run; not imported again."),
            )
        _count_done(batch, len(chunk))
    return True


def _link_rows(
    pairs: list[tuple[int, int]], *, outcome: str | None = None, message: str | None = None
) -> None:
    """Each row's resident in one statement (bulk_update's CASE is slow at thousands)."""
    if not pairs:
        return
    assignments = ["resident_id = v.resident"]
    parameters: list = []
    if outcome is not None:
        assignments += ["outcome = %s", "message = %s"]
        parameters += [outcome, message or ""]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ImportRow._meta.db_table} AS r SET {', '.join(assignments)} "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(row, resident) WHERE r.id = v.row",
            [*parameters, [row for row, _resident in pairs],
             [resident for _row, resident in pairs]],
        )


def _import_changes_chunk(batch: ImportBatch, actor: User) -> bool:
    """The next chunk of change notices; False when none is left."""
    with transaction.atomic():
        if not _chunk_begin(batch):
            return False
        rows = list(
            batch.rows.filter(outcome=RowOutcome.CHANGE, case_number="")
            .select_for_update(skip_locked=True).order_by("line")[:IMPORT_CHUNK]
        )
        if not rows:
            return False
        residents = Resident.objects.in_bulk([row.resident_id for row in rows])
        for row in rows:
            labels = "、".join(field_label(name) for name in row.changed_fields)
            case = notices.change_notice_open(
                resident=residents[row.resident_id], actor=actor,
                subject=(_("Shared data differs: %(fields)s") % {"fields": labels})[:200],
                details=_notice_details(batch, row),
            )
            row.case_number = case.number
        ImportRow.objects.bulk_update(rows, ["case_number"])
        written = entries(
            model=Resident, pks=[row.resident_id for row in rows],
            action=LogEntry.Action.ACCESS, actor=actor, data={},
        )
        for entry, row in zip(written, rows, strict=True):
            entry.additional_data = {
                **_audit_data(batch, row.line), "case": row.case_number,
                "fields": row.changed_fields, "field_groups": [],
            }
        LogEntry.objects.bulk_create(written)
        _count_done(batch, len(rows))
    return True
