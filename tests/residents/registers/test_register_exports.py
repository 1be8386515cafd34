"""DAT-2: the register lists (overdue key-person visits, hardship reviews due) exported with
their page's filter, as their user sees them: ID numbers masked for a key-person worker who
does not see them in full, in full for a manager; formula-safe; one audit entry with the row
count and the field groups; nobody without the register exports it."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from residents import roles
from residents.models import HardshipKind, KeyPersonCategory
from residents.registers import services
from tests.class_scope import rolled_back_after_the_class
from tests.factories import make_resident, make_user

KEY_PERSONS = reverse("exports:key_person_visits")
HARDSHIP = reverse("exports:hardship_reviews")
FORMULA_NOTE = "=HYPERLINK(\"http://x\",\"y\")"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx_rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)]


def export_entries() -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__event="export").order_by("pk"))


@pytest.fixture(scope="class")
def registers(django_db_setup, django_db_blocker):
    """Two key persons overdue for a visit (two categories), two hardship entries due for
    review (低保 and 特困); a front-desk user who also works the key-person register."""
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        desk = make_user(roles.FRONT_DESK)
        manager = make_user(roles.MANAGER)
        worker = make_user(roles.FRONT_DESK)
        worker.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_key_person", "view_keypersonentry"])
        )
        today = timezone.localdate()
        released, drug, dibao, tekun = (make_resident(actor=desk) for _ in range(4))
        for resident, category, note in (
            (released, KeyPersonCategory.RELEASED, FORMULA_NOTE),
            (drug, KeyPersonCategory.DRUG, "定期尿检"),
        ):
            services.key_person_create(
                resident=resident, category=category,
                start_date=today - datetime.timedelta(days=90),
                review_date=today + datetime.timedelta(days=30), note=note, actor=manager,
            )
        for resident, kind in ((dibao, HardshipKind.DIBAO), (tekun, HardshipKind.TEKUN)):
            services.hardship_create(
                resident=resident, kind=kind, start_date=today - datetime.timedelta(days=200),
                review_date=today, note="+86 家庭收入低于标准", actor=manager,
            )
        yield {
            "desk": desk, "manager": manager, "worker": worker, "released": released,
            "drug": drug, "dibao": dibao, "tekun": tekun,
        }


def _export(user, url, **data):
    response = client_for(user).post(url, {"format": "xlsx", **data})
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    rows = xlsx_rows(response.content)
    return rows[0], rows[1:]


@pytest.mark.django_db
@pytest.mark.usefixtures("registers")
class TestRegisterExports:
    def test_key_person_worker_gets_the_filtered_rows_with_masked_id_numbers(self, registers):
        released = registers["released"]
        header, body = _export(
            registers["worker"], KEY_PERSONS, category=KeyPersonCategory.RELEASED
        )
        assert [row[header.index("姓名")] for row in body] == [released.name]
        assert body[0][header.index("公民身份号码")] == released.id_number[:6] + "*" * 12
        assert released.id_number not in "".join(body[0])

    def test_manager_gets_id_numbers_in_full(self, registers):
        header, body = _export(registers["manager"], KEY_PERSONS)
        ids = {row[header.index("公民身份号码")] for row in body}
        assert {registers["released"].id_number, registers["drug"].id_number} <= ids
        header, body = _export(registers["manager"], HARDSHIP, kind=HardshipKind.TEKUN)
        assert [row[header.index("公民身份号码")] for row in body] == [
            registers["tekun"].id_number
        ]

    def test_formula_cells_are_neutralised(self, registers):
        for url in (KEY_PERSONS, HARDSHIP):
            _header, body = _export(registers["manager"], url)
            cells = [value for row in body for value in row]
            assert not any(value.startswith(("=", "+", "-", "@")) for value in cells)
        assert "'" + FORMULA_NOTE in [
            value for row in _export(registers["manager"], KEY_PERSONS)[1] for value in row
        ]

    def test_each_export_is_one_audit_entry_with_rows_filters_and_groups(self, registers):
        before = len(export_entries())
        client_for(registers["worker"]).post(
            KEY_PERSONS, {"format": "csv", "category": KeyPersonCategory.DRUG}
        )
        client_for(registers["manager"]).post(HARDSHIP, {"format": "csv"})
        entries = export_entries()
        assert len(entries) == before + 2
        key_persons, hardship = entries[-2].additional_data, entries[-1].additional_data
        assert entries[-2].actor_id == registers["worker"].pk
        assert key_persons["purpose"] == "key_person_visits_export"
        assert key_persons["filters"] == {"category": "drug"}
        assert key_persons["rows"] == 1
        # The masked ID number carries nothing of the comprehensive group.
        assert "key_person" in key_persons["field_groups"]
        assert "sensitive" not in key_persons["field_groups"]
        assert hardship["purpose"] == "hardship_reviews_export"
        assert hardship["rows"] == 2 and "sensitive" in hardship["field_groups"]

    def test_the_lists_offer_the_export_with_their_filter(self, registers):
        page = client_for(registers["manager"]).get(
            reverse("residents:worklist_hardship_reviews"), {"kind": HardshipKind.DIBAO}
        )
        html = page.content.decode()
        assert HARDSHIP in html and 'name="kind" value="dibao"' in html
        page = client_for(registers["worker"]).get(reverse("residents:worklist_key_person_visits"))
        assert KEY_PERSONS in page.content.decode()

    def test_who_does_not_see_the_register_is_refused(self, registers):
        before = len(export_entries())
        for url in (KEY_PERSONS, HARDSHIP):
            response = client_for(registers["desk"]).post(url, {"format": "csv"})
            assert response.status_code == 403
        assert client_for(registers["worker"]).post(HARDSHIP, {"format": "csv"}).status_code == 403
        assert len(export_entries()) == before
