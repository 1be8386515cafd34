"""DAT-2: the resident list exported as CSV or XLSX, exactly as its user sees it, formula-safe,
audited once per export; long lists are built by the real job worker and handed out once to
whoever asked for them."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.db import connections
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from procrastinate.contrib.django import app

from residents import roles
from residents.models import ExportFile, ExportStatus, Job
from tests.class_scope import rolled_back_after_the_class
from tests.factories import make_resident, make_user
from tests.residents.jobs.queue import empty_queue, run_worker_until_idle

EXPORT_URL = reverse("exports:residents")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def export_entries() -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(additional_data__event="export").order_by("pk")
    )


def xlsx_rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)]


def xlsx_text(content: bytes) -> str:
    """Every byte of the workbook's parts, unzipped: what a determined reader could find."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


@pytest.fixture(scope="class")
def listed(django_db_setup, django_db_blocker):
    """Three residents of one area (one with formula-like text), two of another."""
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        desk = make_user(roles.FRONT_DESK)
        in_area = [
            make_resident(actor=desk, area="春晖小区", remarks="=HYPERLINK(\"http://x\",\"y\")"),
            make_resident(actor=desk, area="春晖小区", address="+86 东城区1号"),
            make_resident(actor=desk, area="春晖小区"),
        ]
        others = [make_resident(actor=desk, area="秋实小区") for _ in range(2)]
        yield {"desk": desk, "in_area": in_area, "others": others,
               "manager": make_user(roles.MANAGER), "staff": make_user(roles.OTHER_STAFF)}


@pytest.mark.django_db
@pytest.mark.usefixtures("listed")
class TestListExport:
    def test_front_desk_gets_exactly_the_filtered_rows_masked(self, listed):
        response = client_for(listed["desk"]).post(
            EXPORT_URL, {"format": "xlsx", "area": "春晖小区"}
        )
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        rows = xlsx_rows(response.content)
        header, body = rows[0], rows[1:]
        assert "公民身份号码" in header and "姓名" in header
        names = {row[header.index("姓名")] for row in body}
        assert names == {resident.name for resident in listed["in_area"]}
        text = xlsx_text(response.content)
        for resident in listed["in_area"]:
            assert resident.id_number not in text
            assert resident.phone not in text
            assert resident.birth_date.isoformat() not in text
            assert f"{resident.birth_date:%Y}-**-**" in text
            assert resident.id_number[:6] + "*" * 12 in text
        # Work and household details (comprehensive information) are no column at all.
        assert "工作单位" not in header and "户籍所在地" not in header

    def test_manager_gets_full_values_in_csv(self, listed):
        response = client_for(listed["manager"]).post(
            EXPORT_URL, {"format": "csv", "area": "春晖小区"}
        )
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        for resident in listed["in_area"]:
            assert resident.id_number in text
            assert resident.birth_date.isoformat() in text
        for resident in listed["others"]:
            assert resident.name not in text
        assert "户籍所在地" in text

    def test_formula_cells_are_neutralised(self, listed):
        response = client_for(listed["desk"]).post(
            EXPORT_URL, {"format": "xlsx", "area": "春晖小区"}
        )
        cells = [value for row in xlsx_rows(response.content) for value in row]
        assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
        assert "'+86 东城区1号" in cells
        assert not any(value.startswith(("=", "+", "-", "@")) for value in cells)

    def test_the_export_is_one_audit_entry_with_rows_filters_and_groups(self, listed):
        before = len(export_entries())
        client_for(listed["desk"]).post(
            EXPORT_URL, {"format": "csv", "area": "春晖小区", "q": "110101199003071234"}
        )
        entries = export_entries()
        assert len(entries) == before + 1
        data = entries[-1].additional_data
        assert entries[-1].actor_id == listed["desk"].pk
        assert data["purpose"] == "resident_list_export"
        assert data["rows"] == 0  # nobody has this number
        assert data["filters"] == {"area": "春晖小区", "q": "110101************"}
        assert data["format"] == "csv"
        assert "sensitive" not in data["field_groups"] and "basic" in data["field_groups"]

    def test_a_role_without_the_list_is_refused(self, listed):
        before = len(export_entries())
        for user in (listed["staff"], make_user(roles.AUDITOR)):
            response = client_for(user).post(EXPORT_URL, {"format": "csv"})
            assert response.status_code == 403
        assert len(export_entries()) == before

    def test_an_unknown_format_exports_nothing(self, listed):
        before = len(export_entries())
        response = client_for(listed["desk"]).post(EXPORT_URL, {"format": "pdf"})
        assert response.status_code == 302
        assert len(export_entries()) == before

    def test_the_list_offers_the_export_with_its_filters(self, listed):
        page = client_for(listed["desk"]).get(reverse("residents:list"), {"area": "春晖小区"})
        html = page.content.decode()
        assert EXPORT_URL in html
        assert 'name="area" value="春晖小区"' in html


@pytest.fixture
def queue(monkeypatch):
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    empty_queue()
    yield
    empty_queue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_export_is_built_by_the_worker_and_downloaded_once_by_its_requester(
    queue, settings
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    desk = make_user(roles.FRONT_DESK)
    residents = [make_resident(actor=desk, area="长青小区") for _ in range(3)]
    client = client_for(desk)
    response = client.post(EXPORT_URL, {"format": "xlsx", "area": "长青小区"})
    export = ExportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", args=[export.pk])
    assert export.status == ExportStatus.QUEUED
    # The job's argument is the export's id alone.
    (job,) = Job.objects.filter(task_name="residents.exports.tasks.build_export")
    assert job.args == {"export_id": export.pk}

    run_worker_until_idle(app)

    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.rows == 3
    assert export.filters == {}
    entry = export_entries()[-1]
    assert entry.actor_id == desk.pk
    assert entry.additional_data["rows"] == 3
    assert entry.additional_data["filters"] == {"area": "长青小区"}

    page = client.get(reverse("exports:detail", args=[export.pk]))
    assert page.status_code == 200 and "下载" in page.content.decode()

    other = client_for(make_user(roles.FRONT_DESK))
    download = reverse("exports:download", args=[export.pk])
    assert other.get(reverse("exports:detail", args=[export.pk])).status_code == 404
    assert other.post(download).status_code == 404

    response = client.post(download)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = xlsx_rows(response.content)[1:]
    assert len(body) == 3
    text = xlsx_text(response.content)
    for resident in residents:
        assert resident.id_number not in text

    again = client.post(download)
    assert again.status_code == 302
    export.refresh_from_db()
    assert export.status == ExportStatus.DOWNLOADED and export.content is None
