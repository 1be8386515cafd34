"""The restore drill (ACC-6): a backup restored into a fresh database holds what was backed up,
and a damaged or wrongly keyed backup is refused before anything is changed.

The source is a copy of the test database (its roles and permissions) with a little data
committed in it; the backup is taken once for the class and every case restores from it into
a database of its own on the same server, dropped afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from psycopg import sql

from residents import roles
from residents.audit.chain import verify_chain
from residents.audit.context import acting_as
from residents.backups import database, services
from tests.factories import make_resident, make_user

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
SCAN = b"%PDF-1.4 signed slip scan\n" * 100


@contextmanager
def django_on(name: str):
    """Django's connection signed in to another database of the same server for a while."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


def _server(owner: dict):
    return database.connect({**owner, "NAME": "postgres"})


def _create(owner: dict, name: str, template: str | None = None) -> None:
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
        sql.Identifier(name), sql.Identifier(template or "template0")
    )
    _drop(owner, name)
    with _server(owner) as conn:
        conn.execute(statement)


def _drop(owner: dict, name: str) -> None:
    with _server(owner) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def row_counts(db: dict) -> dict[str, int]:
    with database.connect(db) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@dataclass(frozen=True)
class Drill:
    owner: dict
    source: dict
    media: Path
    backup: Path
    manifest: dict
    base: Path

    def target(self, suffix: str) -> dict:
        return {**self.owner, "NAME": f"{self.owner['NAME']}_drill_{suffix}"}


@pytest.fixture(scope="class")
def drill(django_db_setup, django_db_blocker, tmp_path_factory):
    base = tmp_path_factory.mktemp("drill")
    media = base / "media"
    with django_db_blocker.unblock():
        owner = dict(connection.settings_dict)  # the session signs in as the owner role
        source = {**owner, "NAME": f"{owner['NAME']}_drill_src"}
        connection.close()
        _create(owner, source["NAME"], template=owner["NAME"])
        try:
            with django_on(source["NAME"]):
                clerk = make_user(roles.FRONT_DESK)
                with acting_as(clerk):
                    for name in ("王小明", "李华", "张伟"):
                        make_resident(actor=clerk, name=name)
            (media / "slips" / "2026" / "11").mkdir(parents=True)
            (media / "slips" / "2026" / "11" / "签字回执.pdf").write_bytes(SCAN)
            (media / "imports").mkdir()
            (media / "imports" / "list.csv").write_bytes("姓名\n王小明\n".encode())
            result = services.backup_create(
                source=source, media_root=media, backup_dir=base / "backups", key=KEY
            )
            yield Drill(owner, source, media, result.path, result.manifest, base)
        finally:
            _drop(owner, source["NAME"])


@pytest.fixture
def target(drill, django_db_blocker, request):
    """A fresh, empty database for one case, dropped after it."""
    db = drill.target(request.node.name[-20:].lower().replace("[", "_").replace("]", ""))
    with django_db_blocker.unblock():
        _create(drill.owner, db["NAME"])
        try:
            yield db
        finally:
            _drop(drill.owner, db["NAME"])


def _copy(drill: Drill, name: str) -> Path:
    copy = drill.base / name
    shutil.copyfile(drill.backup, copy)
    return copy


class TestRestoreDrill:
    def test_restored_database_has_every_row_file_and_an_intact_audit_chain(
        self, drill, target, tmp_path
    ):
        restored_media = tmp_path / "media"
        report = services.backup_restore(
            path=drill.backup, key=KEY, target=target, media_root=restored_media,
            app_role=settings.DATABASE_APP_ROLE,
        )

        source_counts = row_counts(drill.source)
        assert source_counts["residents_resident"] == 3
        assert source_counts["auditlog_logentry"] > 0
        assert row_counts(target) == source_counts
        assert file_hashes(restored_media) == file_hashes(drill.media)
        assert report.media_files == 2
        assert report.chain.intact
        assert report.chain.entries == source_counts["auditlog_logentry"]
        with database.connect(target) as conn, conn.cursor() as cursor:
            assert verify_chain(cursor).intact

    def test_restored_database_gives_the_application_role_its_grants_again(
        self, drill, target, tmp_path
    ):
        assert settings.DATABASE_APP_ROLE, "the suite runs with both database roles"
        services.backup_restore(
            path=drill.backup, key=KEY, target=target, media_root=tmp_path,
            app_role=settings.DATABASE_APP_ROLE,
        )
        app = settings.DATABASE_APP_ROLE
        with database.connect(target) as conn:
            may = conn.execute(
                "SELECT has_table_privilege(%s, 'residents_resident', 'SELECT, UPDATE'), "
                "has_table_privilege(%s, 'auditlog_logentry', 'INSERT'), "
                "has_table_privilege(%s, 'auditlog_logentry', 'UPDATE, DELETE, TRUNCATE')",
                [app, app, app],
            ).fetchone()
        assert may == (True, True, False)

    def test_manifest_lists_every_member_with_its_hash_and_the_schema_version(self, drill):
        members = {item["name"]: item for item in drill.manifest["members"]}
        assert set(members) == {
            "database.dump", "media/slips/2026/11/签字回执.pdf", "media/imports/list.csv"
        }
        scan = members["media/slips/2026/11/签字回执.pdf"]
        assert scan["size"] == len(SCAN)
        assert scan["sha256"] == hashlib.sha256(SCAN).hexdigest()
        assert ["residents", "0001_initial"] in drill.manifest["schema_version"]
        assert drill.manifest["created_at"] and drill.manifest["app_version"]

    def test_backup_file_does_not_contain_personal_data_in_clear(self, drill):
        content = drill.backup.read_bytes()
        assert "王小明".encode() not in content
        assert b"PDF-1.4 signed slip" not in content

    def test_non_empty_database_is_refused_and_left_alone(self, drill, tmp_path):
        before = row_counts(drill.source)
        with (
            translation.override("en"),
            pytest.raises(services.BackupRefused, match="is not empty"),
        ):
            services.backup_restore(
                path=drill.backup, key=KEY, target=drill.source, media_root=tmp_path
            )
        assert row_counts(drill.source) == before
        assert not any(tmp_path.iterdir())

    @pytest.mark.parametrize("where", ["early", "late"])
    def test_corrupted_backup_is_refused_and_nothing_is_restored(
        self, drill, target, tmp_path, where
    ):
        damaged = _copy(drill, f"damaged-{where}.jmbk")
        content = bytearray(damaged.read_bytes())
        position = 200 if where == "early" else len(content) - 40
        content[position] ^= 0x01
        damaged.write_bytes(bytes(content))

        with translation.override("en"), pytest.raises(services.BackupRefused, match="damaged"):
            services.backup_restore(
                path=damaged, key=KEY, target=target, media_root=tmp_path / "media"
            )
        assert database.is_empty(target)
        assert not (tmp_path / "media").exists()

    def test_wrongly_keyed_backup_is_refused_in_chinese_and_nothing_is_restored(
        self, drill, target, tmp_path
    ):
        with translation.override("zh-hans"), pytest.raises(services.BackupRefused) as refused:
            services.backup_restore(
                path=drill.backup, key=OTHER_KEY, target=target, media_root=tmp_path / "media"
            )
        assert "密钥" in refused.value.message
        assert database.is_empty(target)
        assert not (tmp_path / "media").exists()

    def test_check_without_restoring_names_what_is_wrong(self, drill):
        assert services.check_file(drill.backup, KEY)[1] == ""
        with translation.override("en"):
            manifest, reason = services.check_file(drill.backup, OTHER_KEY)
        assert manifest is None
        assert "another key" in reason
