"""Backups (ACC-6): writing one, checking one, and restoring one into an empty database."""

from __future__ import annotations

import base64
import binascii
import datetime
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from config.database_roles import apply_privileges
from residents.audit.chain import ChainReport, verify_chain
from residents.backups import archive, database
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import BackupVerification

VIEW_PERMISSION = "residents.view_backupverification"
VERIFY_PERMISSION = "residents.verify_backup"


class BackupRefused(ActionRefused):
    """A backup or restore that did not start, or stopped before changing anything."""


def _reason_text(error: archive.BackupError) -> str:
    texts = {
        archive.NOT_A_BACKUP: _("This file is not a backup of this system."),
        archive.WRONG_KEY: _(
            "This backup was encrypted with another key than BACKUP_KEY: it cannot be read."
        ),
        archive.CORRUPTED: _("This backup file is damaged: its encrypted content does not "
                             "authenticate."),
        archive.MISMATCH: _("This backup file is damaged: its content does not match the "
                            "SHA-256 hashes of its manifest."),
    }
    return texts[error.reason]


# --- the key ---------------------------------------------------------------------------------


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(archive.KEY_SIZE)).decode()


def backup_key() -> bytes:
    """BACKUP_KEY; in DEMO_MODE without one, a key generated once and kept in var/ (0600)."""
    raw = settings.BACKUP_KEY
    if not raw and settings.DEMO_MODE:
        path = Path(settings.BACKUP_DEMO_KEY_FILE)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(generate_key())
        raw = path.read_text().strip()
    if not raw:
        raise BackupRefused(_(
            "BACKUP_KEY is not set: backups are encrypted with it. Generate one with "
            "`manage.py backup --generate-key` and keep a copy away from the backups."
        ))
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != archive.KEY_SIZE:
        raise BackupRefused(_("BACKUP_KEY must be 32 bytes in urlsafe base64 (44 characters)."))
    return key


# --- backing up ------------------------------------------------------------------------------


def _app_version() -> str:
    try:
        return metadata.version("jumin")
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        return tomllib.loads(pyproject.read_text())["project"]["version"]


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(
        path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink()
    )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict


def backup_create(
    *,
    source: dict | None = None,
    media_root: Path | None = None,
    backup_dir: Path | None = None,
    key: bytes | None = None,
) -> BackupResult:
    """Dump the database as the owner role and add the uploaded files, into one encrypted file
    in BACKUP_DIR. Written under a temporary name and renamed when complete, so a file with
    the backup suffix is always whole."""
    key = key if key is not None else backup_key()
    source = source or database.owner_database()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = timezone.now()
    name = f"jumin-{created.strftime('%Y%m%dT%H%M%S%fZ')}{archive.SUFFIX}"
    final = backup_dir / name
    partial = backup_dir / f".{name}.partial"
    manifest = {
        "created_at": created.isoformat(),
        "app_version": _app_version(),
        "database": source["NAME"],
        # Taken before the dump: migrate runs only when the application is stopped.
        "schema_version": database.applied_migrations(source),
    }
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            writer = archive.ArchiveWriter(archive.EncryptedWriter(file, key))
            process = database.dump(source)
            try:
                writer.add_stream(archive.DATABASE_MEMBER, process.stdout)
            finally:
                process.stdout.close()
                errors = process.stderr.read()
                process.wait()
            if process.returncode != 0:
                raise RuntimeError(
                    f"pg_dump failed: {errors.decode(errors='replace').strip()}"
                )
            for path in _media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                with path.open("rb") as media:
                    writer.add_stream(archive.MEDIA_PREFIX + relative, media)
            manifest = writer.finish(manifest)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(final, manifest)


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    name: str
    path: Path
    size: int
    modified: datetime.datetime


def backup_files(backup_dir: Path | None = None) -> list[BackupFile]:
    """The complete backup files in BACKUP_DIR, newest first."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    files = []
    for path in backup_dir.iterdir():
        if path.name.startswith(".") or path.suffix != archive.SUFFIX or not path.is_file():
            continue
        stat = path.stat()
        files.append(BackupFile(
            path.name, path, stat.st_size,
            datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC),
        ))
    return sorted(files, key=lambda item: item.name, reverse=True)


def backup_keep() -> int:
    return max(1, getattr(settings, "BACKUP_KEEP", 14))


def backups_prune(*, backup_dir: Path | None = None) -> list[str]:
    """Delete the complete backups beyond the BACKUP_KEEP newest (at least one is always
    kept); files being written (hidden, partial) are left alone. Returns the names deleted."""
    deleted = []
    for old in backup_files(backup_dir)[backup_keep():]:
        old.path.unlink(missing_ok=True)
        deleted.append(old.name)
    return deleted


def check_file(path: Path, key: bytes) -> tuple[dict | None, str]:
    """Read a whole backup file without restoring it: (its manifest, "") when the key and
    every hash match, else (None, why not)."""
    try:
        with path.open("rb") as file:
            return archive.read_archive(file, key), ""
    except archive.BackupError as error:
        return None, _reason_text(error)


def backup_record_check(*, path: Path, checked_by: User | None = None) -> BackupVerification:
    """Check a backup file and keep the result (the nightly job, after writing its file)."""
    try:
        key = backup_key()
    except BackupRefused as refusal:
        manifest, reason = None, refusal.message
    else:
        manifest, reason = check_file(path, key)
    return BackupVerification.objects.create(
        file_name=path.name, verified=manifest is not None, reason=reason, checked_by=checked_by
    )


def backup_verify(*, file_name: str, actor: User) -> BackupVerification:
    """A system administrator checks a listed backup's key and hashes, without restoring it."""
    require_perm(actor, VERIFY_PERMISSION)
    listed = {item.name: item for item in backup_files()}
    if file_name not in listed:
        raise ActionRefused(_("There is no such backup file."))
    with transaction.atomic():
        return backup_record_check(path=listed[file_name].path, checked_by=actor)


# --- restoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict
    media_files: int
    chain: ChainReport
    missing_migrations: list[list[str]]


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def backup_restore(
    *,
    path: Path,
    key: bytes | None = None,
    target: dict | None = None,
    media_root: Path | None = None,
    app_role: str | None = None,
) -> RestoreReport:
    """Restore a backup into an empty database, as the owner role.

    Nothing is touched until the target is known to be empty, the key fits and every member
    matches the manifest: the file is read once into a private staging directory and checked;
    only then is the dump restored (in one transaction), the uploaded files put in place, the
    application's role granted its privileges and the audit chain verified.
    """
    key = key if key is not None else backup_key()
    target = target or database.owner_database()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    app_role = app_role if app_role is not None else settings.DATABASE_APP_ROLE
    path = Path(path)
    try:
        with path.open("rb") as file:
            archive.check_key(file, key)
    except archive.BackupError as error:
        raise BackupRefused(_reason_text(error)) from error
    except OSError as error:
        raise BackupRefused(_("The backup file cannot be read: %(error)s") % {
            "error": error.strerror}) from error
    if not database.is_empty(target):
        raise BackupRefused(_(
            "The database %(name)s is not empty: a backup is restored only into an empty "
            "database. Create a new database (or drop this one) and restore into it."
        ) % {"name": target["NAME"]})
    stage_parent = Path(settings.BACKUP_DIR)
    stage_parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stage = Path(tempfile.mkdtemp(prefix=".restore-", dir=stage_parent))
    try:
        try:
            with path.open("rb") as file:
                manifest = archive.read_archive(file, key, stage=stage)
        except archive.BackupError as error:
            raise BackupRefused(_reason_text(error)) from error
        applied = {tuple(item) for item in manifest["schema_version"]}
        known = _known_migrations()
        unknown = sorted(applied - known)
        if unknown:
            raise BackupRefused(_(
                "This backup comes from a newer version of the system (migrations %(names)s "
                "are unknown here): restore it with that version."
            ) % {"names": ", ".join(".".join(item) for item in unknown[:5])})
        database.restore(stage / archive.DATABASE_MEMBER, target)
        staged_media = stage / "media"
        count = 0
        if staged_media.is_dir():
            for staged in sorted(staged_media.rglob("*")):
                if not staged.is_file():
                    continue
                destination = media_root / staged.relative_to(staged_media)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staged, destination)
                count += 1
        with database.connect(target) as conn, conn.cursor() as cursor:
            if app_role:
                apply_privileges(cursor, owner=target["USER"], app=app_role)
            chain = verify_chain(cursor)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return RestoreReport(
        manifest=manifest,
        media_files=count,
        chain=chain,
        missing_migrations=sorted([list(item) for item in known - applied]),
    )
