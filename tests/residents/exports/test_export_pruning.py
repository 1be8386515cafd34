"""Export files not downloaded within EXPORT_FILE_HOURS of being ready are deleted by an hourly
job: the export's page then says the file is gone; files still in time and exports still
being built stay."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from residents import roles
from residents.exports.services import export_files_prune
from residents.models import ExportFile, ExportStatus
from tests.factories import make_user


def _export(user, status, *, hours_ago: float | None, content=b"file") -> ExportFile:
    ready_at = None if hours_ago is None else timezone.now() - datetime.timedelta(hours=hours_ago)
    return ExportFile.objects.create(
        list_name="residents", file_format="csv", requested_by=user, status=status,
        content=content, ready_at=ready_at,
    )


def test_the_prune_is_an_hourly_periodic_task():
    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled["residents.exports.tasks.prune_export_files"].cron == "10 * * * *"


@pytest.mark.django_db
def test_files_not_downloaded_in_time_are_deleted_and_the_others_kept(settings):
    settings.EXPORT_FILE_HOURS = 24
    desk = make_user(roles.FRONT_DESK)
    late = _export(desk, ExportStatus.READY, hours_ago=25)
    in_time = _export(desk, ExportStatus.READY, hours_ago=23)
    queued = _export(desk, ExportStatus.QUEUED, hours_ago=None, content=None)
    downloaded = _export(desk, ExportStatus.DOWNLOADED, hours_ago=30, content=None)

    assert export_files_prune() == 1

    late.refresh_from_db()
    assert late.status == ExportStatus.EXPIRED and late.content is None
    in_time.refresh_from_db()
    assert in_time.status == ExportStatus.READY and bytes(in_time.content) == b"file"
    queued.refresh_from_db()
    assert queued.status == ExportStatus.QUEUED
    downloaded.refresh_from_db()
    assert downloaded.status == ExportStatus.DOWNLOADED
    assert export_files_prune() == 0

    client = Client()
    client.force_login(desk)
    response = client.post(reverse("exports:download", args=[late.pk]), follow=True)
    assert "此文件已不可下载" in response.content.decode()
    assert response.get("Content-Disposition") is None
