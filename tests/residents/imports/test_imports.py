"""DAT-1: resident imports from shared files — dry run, refusals, the import job, access."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from residents import roles
from residents.audit.chain import verify_chain
from residents.common.id_numbers import make_id_number
from residents.imports import services
from residents.imports.demo import DEMO_COLUMNS
from residents.models import (
    Channel,
    ImportBatch,
    ImportProfile,
    ImportRow,
    ImportSource,
    ImportStatus,
    RegistrationStatus,
    Resident,
    RowOutcome,
)
from residents.people.services import (
    registration_return,
    registration_submit,
    registration_update,
    registration_verify,
)
from tests.factories import make_resident, make_user, registration_data
from tests.residents.imports.files import HEADINGS, csv_file, police_row, xlsx_file

LIST_URL = reverse("imports:list")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def police(db):
    manager = make_user(roles.MANAGER)
    return services.import_profile_save(
        actor=manager, source=ImportSource.POLICE, columns=DEMO_COLUMNS[ImportSource.POLICE]
    )


def upload(client, profile, data: bytes, name: str = "shared.xlsx"):
    return client.post(
        LIST_URL, {"profile": profile.pk, "file": SimpleUploadedFile(name, data)}
    )


def page_text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_the_dry_run_lists_every_row_with_its_outcome_and_the_reason_in_chinese(
    front_desk, police
):
    changed = make_resident()
    same = make_resident()
    new = registration_data()
    duplicate = registration_data()
    bad_digit = registration_data()
    wrong = "0" if bad_digit["id_number"][17] != "0" else "1"
    unknown_area = make_id_number(
        area="190101", birth_date=datetime.date(1980, 5, 6), sequence=12, gender="M"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        police_row(new),                                                    # line 2
        police_row({**registration_data(), "id_number": changed.id_number,
                    "name": changed.name, "hukou_location": changed.hukou_location},
                   address="西城区新街口3号"),                                  # line 3
        police_row({"name": same.name, "id_number": same.id_number,
                    "hukou_location": same.hukou_location, "address": same.address}),  # 4
        police_row({**bad_digit, "id_number": bad_digit["id_number"][:17] + wrong}),  # 5
        police_row(registration_data(), hukou_moved_in_on=tomorrow.isoformat()),  # 6
        police_row({**registration_data(), "id_number": unknown_area}),       # line 7
        police_row(duplicate),                                               # line 8
        police_row(duplicate),                                               # line 9
        police_row({**registration_data(), "address": ""}),                  # line 10
    ]
    client = client_for(front_desk)
    response = upload(client, police, xlsx_file(rows))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    assert batch.status == ImportStatus.CHECKED

    outcome = {row.line: row for row in ImportRow.objects.filter(batch=batch)}
    assert outcome[2].outcome == RowOutcome.NEW
    assert outcome[3].outcome == RowOutcome.CHANGE
    assert outcome[3].changed_fields == ["address"]
    assert outcome[4].outcome == RowOutcome.UNCHANGED
    assert outcome[5].outcome == RowOutcome.ERROR
    assert "校验码不符" in outcome[5].message
    assert outcome[6].outcome == RowOutcome.ERROR
    assert "该日期不能晚于今天" in outcome[6].message
    assert "前六位不是有效的行政区划代码" in outcome[7].message
    assert outcome[8].outcome == RowOutcome.NEW
    assert outcome[9].outcome == RowOutcome.ERROR
    assert "第 8 行" in outcome[9].message
    assert outcome[10].outcome == RowOutcome.ERROR
    assert "缺少必填项" in outcome[10].message and "现居住地址" in outcome[10].message
    assert (batch.new_rows, batch.change_rows, batch.unchanged_rows, batch.error_rows) == (
        2, 1, 1, 5
    )
    # A dry run imports nothing.
    assert not Resident.objects.filter(channel=Channel.IMPORT).exists()
    assert Resident.objects.get(pk=changed.pk).address == changed.address

    page = page_text(client.get(response["Location"]))
    for text in ("新登记", "现有居民信息变更", "无变化", "校验码不符", "确认导入"):
        assert text in page
    # The registered residents the page names are recorded as read.
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__purpose="import_check"
    )
    assert {int(entry.object_pk) for entry in reads} == {changed.pk, same.pk}


@pytest.mark.django_db
def test_a_file_without_a_required_column_is_refused_whole(front_desk, police):
    headings = [heading for heading in HEADINGS if heading != "现住址"]
    rows = [police_row(registration_data())[:3] + police_row(registration_data())[4:]]
    response = upload(client_for(front_desk), police, csv_file(rows, headings=headings),
                      "a.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REFUSED
    assert "缺少必需的列" in batch.message and "现住址" in batch.message
    assert not batch.rows.exists()
    page = page_text(Client.get(client_for(front_desk), response["Location"]))
    assert "缺少必需的列" in page


def _formula_xlsx() -> bytes:
    return xlsx_file([police_row(registration_data(), area="=HYPERLINK(\"http://x\")")])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "既不是 XLSX 工作簿，也不是 CSV 文件"),
        ("zip", lambda: b"PK\x03\x04" + b"\x00" * 64, "既不是 XLSX 工作簿，也不是 CSV 文件"),
        ("empty", lambda: b"", "文件为空"),
        ("encoding", lambda: "姓名\n".encode() + b"\xff\xfe\xff\n", "无法识别的编码"),
        ("formula_xlsx", _formula_xlsx, "公式"),
        ("formula_csv", lambda: csv_file([police_row(registration_data(), area="=1+2")]),
         "公式"),
        ("headings_only", lambda: csv_file([]), "没有数据行"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_imports_nothing(
    front_desk, police, name, make, message
):
    response = upload(client_for(front_desk), police, make(), "residents.csv")
    if response.status_code == 302:
        response = client_for(front_desk).get(response["Location"])
    assert message in page_text(response)
    assert not ImportRow.objects.exists()
    assert not Resident.objects.filter(channel=Channel.IMPORT).exists()
    assert not ImportBatch.objects.exclude(status=ImportStatus.REFUSED).exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(front_desk, police):
    data = csv_file([police_row(registration_data())])
    with override_settings(IMPORT_MAX_BYTES=len(data) - 1):
        response = upload(client_for(front_desk), police, data, "a.csv")
    assert response.status_code == 200
    assert "文件大于" in page_text(response)
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_row_limit_is_refused(front_desk, police):
    data = csv_file([police_row(registration_data()) for _ in range(3)])
    with override_settings(IMPORT_MAX_ROWS=2):
        upload(client_for(front_desk), police, data, "a.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REFUSED
    assert "数据行超过 2 行" in batch.message
    assert not batch.rows.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("encoding", "label"), [("gbk", "GBK"), ("utf-8-sig", "UTF-8"),
                                                 ("utf-8", "UTF-8")])
def test_csv_files_in_gbk_and_utf8_are_read_and_their_encoding_shown(
    front_desk, police, encoding, label
):
    data = registration_data(name="欧阳娜娜", address="朝阳区望京街道甲1号")
    response = upload(client_for(front_desk), police, csv_file([police_row(data)],
                                                                encoding=encoding), "a.csv")
    batch = ImportBatch.objects.get()
    assert batch.encoding == label
    row = batch.rows.get()
    assert row.outcome == RowOutcome.NEW
    assert row.name == "欧阳娜娜"
    assert row.values["address"] == "朝阳区望京街道甲1号"
    assert label in page_text(client_for(front_desk).get(response["Location"]))


@pytest.mark.django_db
def test_the_same_file_twice_is_refused_with_a_link_to_the_first_import(front_desk, police):
    data = csv_file([police_row(registration_data())])
    upload(client_for(front_desk), police, data, "a.csv")
    first = ImportBatch.objects.get()
    # Under another name, by another clerk: the content decides.
    other = make_user(roles.FRONT_DESK)
    response = upload(client_for(other), police, data, "renamed.csv")
    assert response.status_code == 200
    assert f"已上传过（导入 #{first.pk}）" in page_text(response)
    assert reverse("imports:detail", args=[first.pk]) in page_text(response)
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_confirming_registers_new_people_for_verification_and_opens_change_notices(
    front_desk, police
):
    changed = make_resident()
    new = [registration_data() for _ in range(3)]
    rows = [police_row(data, phone=data["phone"], area="幸福小区") for data in new]
    rows.append(police_row({"name": changed.name, "id_number": changed.id_number,
                            "hukou_location": changed.hukou_location,
                            "address": "西城区新街口3号"}))
    data = xlsx_file(rows)
    client = client_for(front_desk)
    upload(client, police, data)
    batch = ImportBatch.objects.get()

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED
    services.import_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE

    imported = list(Resident.objects.filter(channel=Channel.IMPORT).order_by("pk"))
    assert [r.id_number for r in imported] == [d["id_number"] for d in new]
    for resident in imported:
        assert resident.status == RegistrationStatus.SUBMITTED
        assert resident.created_by == front_desk and resident.submitted_by == front_desk
        # The phone is voluntary (PRI-1): a shared file carries no consent, so it is not kept.
        assert resident.phone == "" and resident.area == "幸福小区"
    # Never a silent overwrite: the record keeps its address, a notice asks the resident.
    assert Resident.objects.get(pk=changed.pk).address == changed.address
    notice = Case.objects.get(resident=changed)
    assert notice.status == "noticed"
    assert "西城区新街口3号" in notice.details
    assert batch.rows.get(outcome=RowOutcome.CHANGE).case_number == notice.number

    sha256 = hashlib.sha256(data).hexdigest()
    created = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, additional_data__import_batch=batch.pk
    )
    assert {int(entry.object_pk) for entry in created} == {r.pk for r in imported}
    proposed = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS, additional_data__event="import"
    )
    assert proposed.object_pk == str(changed.pk)
    for entry in [*created, proposed]:
        assert entry.actor_id == front_desk.pk
        assert entry.additional_data["file_sha256"] == sha256
        assert entry.additional_data["started_by"] == front_desk.pk

    page = page_text(client.get(reverse("imports:detail", args=[batch.pk])))
    assert notice.number in page
    # Staff verify an imported registration like any other (four eyes).
    # Staff check the card before verifying, as for an online declaration: returned, the
    # documents recorded, submitted again, verified by a colleague.
    colleague = make_user(roles.FRONT_DESK)
    registration_return(registration=imported[0], actor=colleague, reason="请核验身份证原件")
    registration_update(
        registration=imported[0], actor=front_desk, data={"documents_checked": ["id_card"]}
    )
    registration_submit(registration=imported[0], actor=front_desk)
    assert registration_verify(registration=imported[0], actor=colleague).status == "verified"


@pytest.mark.django_db
def test_a_person_registered_after_the_dry_run_is_not_registered_twice(front_desk, police):
    data = registration_data()
    upload(client_for(front_desk), police, csv_file([police_row(data)]), "a.csv")
    batch = ImportBatch.objects.get()
    make_resident(**{k: v for k, v in data.items() if k != "name"}, name=data["name"])
    services.import_confirm(actor=front_desk, batch=batch)
    services.import_run(batch_id=batch.pk)
    row = ImportBatch.objects.get().rows.get()
    assert row.outcome == RowOutcome.ERROR
    assert Resident.objects.filter(id_number=data["id_number"]).count() == 1


@pytest.mark.django_db
def test_only_the_uploader_sees_and_confirms_an_import(front_desk, police):
    upload(client_for(front_desk), police, csv_file([police_row(registration_data())]), "a.csv")
    batch = ImportBatch.objects.get()
    other = client_for(make_user(roles.FRONT_DESK))
    assert other.get(reverse("imports:detail", args=[batch.pk])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get().status == ImportStatus.CHECKED


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.REPORTER, roles.OTHER_STAFF, roles.AUDITOR,
                                  roles.SYSADMIN, roles.SUPERVISOR])
def test_other_roles_may_not_import(role, police):
    client = client_for(make_user(role))
    assert client.get(LIST_URL).status_code == 403
    data = csv_file([police_row(registration_data())])
    assert upload(client, police, data, "a.csv").status_code == 403
    assert client.get(reverse("imports:profiles")).status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_managers_edit_the_column_mapping_and_the_front_desk_may_not(front_desk, manager):
    url = reverse("imports:profile_edit", args=[ImportSource.CIVIL_AFFAIRS])
    assert client_for(front_desk).get(url).status_code == 403
    client = client_for(manager)
    columns = dict(DEMO_COLUMNS[ImportSource.CIVIL_AFFAIRS], address="住址")
    assert client.post(url, columns).status_code == 302
    profile = ImportProfile.objects.get(source=ImportSource.CIVIL_AFFAIRS)
    assert profile.columns["address"] == "住址"
    assert profile.updated_by == manager
    missing = client.post(url, {**columns, "id_number": ""})
    assert missing.status_code == 200 and "这个字段是必填项" in page_text(missing)
    assert "住址" in page_text(client.get(reverse("imports:profiles")))


@pytest.mark.django_db
def test_an_import_that_stops_keeps_whole_chunks_and_running_it_again_imports_the_rest_once(
    front_desk, police, monkeypatch
):
    monkeypatch.setattr(services, "IMPORT_CHUNK", 2)
    new = [registration_data() for _ in range(5)]
    client = client_for(front_desk)
    upload(client, police, csv_file([police_row(data) for data in new]), "a.csv")
    batch = ImportBatch.objects.get()
    services.import_confirm(actor=front_desk, batch=batch)
    # The database refuses the fourth row (a name longer than its column): the run stops there.
    broken = batch.rows.get(id_number=new[3]["id_number"])
    stored = dict(broken.values)
    ImportRow.objects.filter(pk=broken.pk).update(values={**stored, "name": "长" * 60})
    with pytest.raises(DataError):
        services.import_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and batch.done_rows == 2
    assert set(Resident.objects.values_list("id_number", flat=True)) == {
        data["id_number"] for data in new[:2]
    }
    page = page_text(client.get(reverse("imports:detail", args=[batch.pk])))
    assert "导入在第 2 行（共 5 行）后停止" in page

    # Running the job again continues with the rows not yet imported.
    ImportRow.objects.filter(pk=broken.pk).update(values=stored)
    services.import_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    imported = Resident.objects.filter(channel=Channel.IMPORT).order_by("pk")
    assert [resident.id_number for resident in imported] == [data["id_number"] for data in new]
    assert [resident.name for resident in imported] == [data["name"] for data in new]
    created = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, additional_data__import_batch=batch.pk
    )
    assert sorted(int(entry.object_pk) for entry in created) == [r.pk for r in imported]
    assert verify_chain().intact
    linked = dict(batch.rows.values_list("id_number", "resident_id"))
    assert linked == {resident.id_number: resident.pk for resident in imported}
