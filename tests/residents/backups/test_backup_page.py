"""The backups page (ACC-6): a system administrator sees the backup files and verifies one."""

from __future__ import annotations

import base64
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from residents.backups import archive
from residents.models import BackupVerification

KEY = bytes(range(32))


def _write_backup(path, key=KEY) -> None:
    with path.open("wb") as file:
        writer = archive.ArchiveWriter(archive.EncryptedWriter(file, key))
        writer.add_stream(archive.DATABASE_MEMBER, io.BytesIO(b"PGDMP dump" * 1000))
        writer.add_stream("media/slips/scan.pdf", io.BytesIO(b"%PDF scan"))
        writer.finish({"created_at": "2026-11-30T18:00:00+00:00", "app_version": "0.1.0",
                       "schema_version": []})


@pytest.fixture
def backups(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEY = base64.urlsafe_b64encode(KEY).decode()
    good = tmp_path / "jumin-20261130T180000000000Z.jmbk"
    _write_backup(good)
    damaged = tmp_path / "jumin-20261129T180000000000Z.jmbk"
    _write_backup(damaged)
    content = bytearray(damaged.read_bytes())
    content[-30] ^= 0xFF
    damaged.write_bytes(bytes(content))
    (tmp_path / ".jumin-20261201T180000000000Z.jmbk.partial").write_bytes(b"unfinished")
    return good, damaged


@pytest.mark.django_db
class TestBackupsPage:
    def test_system_administrator_sees_every_complete_backup(self, client, sysadmin, backups):
        client.force_login(sysadmin)
        page = client.get(reverse("backups:list")).content.decode()
        good, damaged = backups
        assert good.name in page and damaged.name in page
        assert ".partial" not in page
        assert "尚未校验" in page

    def test_verifying_a_good_backup_shows_it_verified_and_is_audited(
        self, client, sysadmin, backups
    ):
        good, _damaged = backups
        client.force_login(sysadmin)
        response = client.post(reverse("backups:verify"), {"file": good.name}, follow=True)
        page = response.content.decode()
        assert "校验通过" in page
        check = BackupVerification.objects.get(file_name=good.name)
        assert check.verified and check.checked_by == sysadmin
        assert LogEntry.objects.get_for_object(check).filter(actor=sysadmin).exists()

    def test_verifying_a_damaged_backup_shows_the_reason(self, client, sysadmin, backups):
        _good, damaged = backups
        client.force_login(sysadmin)
        page = client.post(
            reverse("backups:verify"), {"file": damaged.name}, follow=True
        ).content.decode()
        assert "已损坏" in page
        check = BackupVerification.objects.get(file_name=damaged.name)
        assert not check.verified and "损坏" in check.reason

    def test_a_file_outside_the_list_is_refused(self, client, sysadmin, backups):
        client.force_login(sysadmin)
        page = client.post(
            reverse("backups:verify"), {"file": "../db-passwords.json"}, follow=True
        ).content.decode()
        assert "没有这个备份文件" in page
        assert not BackupVerification.objects.exists()

    def test_front_desk_may_not_verify(self, front_desk_client, backups):
        good, _damaged = backups
        response = front_desk_client.post(reverse("backups:verify"), {"file": good.name})
        assert response.status_code == 403
        assert not BackupVerification.objects.exists()
