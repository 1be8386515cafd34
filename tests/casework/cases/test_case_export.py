"""DAT-2: the case list exported as CSV or XLSX with its filters, as its user sees it: the
resident's ID number masked for the front desk and in full for a manager, a restricted affair
under the neutral label for staff who do not handle it, every cell formula-safe, one audit
entry with the row count and the field groups."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.engine import services as case_services
from casework.models import CaseKind
from residents import roles
from residents.audit.context import acting_as
from tests.class_scope import rolled_back_after_the_class
from tests.factories import make_resident, make_user

EXPORT_URL = reverse("exports:cases")
DIBAO = "低保申请受理"
FORMULA_SUBJECT = "=HYPERLINK(\"http://x\",\"投诉\")"


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
def cases(django_db_setup, django_db_blocker):
    """A 低保 affair opened by one front-desk user, a complaint with formula-like text, and a
    plain affair, about one resident."""
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        handler = make_user(roles.FRONT_DESK)
        other = make_user(roles.FRONT_DESK)
        manager = make_user(roles.MANAGER)
        with acting_as(handler):
            resident = make_resident(actor=handler)
            dibao = catalogue_services.catalogue_item_add(
                name=DIBAO, legal_basis="《社会救助暂行办法》第九条",
                materials="最低生活保障申请书", procedure="窗口受理", time_limit_days=30,
                needs_second_review=False, actor=manager,
            )
            restricted = affair_services.affair_accept(
                item=dibao, resident=resident, actor=handler, details="申请低保",
                received=["最低生活保障申请书"],
            )
            complaint = case_services.case_open(
                kind=CaseKind.COMPLAINT, subject=FORMULA_SUBJECT, actor=handler,
                time_limit_days=5, applicant_name="投诉人欧阳秘", details="楼道堆物",
                channel="hotline",
            )
            change = case_services.case_open(
                kind=CaseKind.CHANGE, subject="变更居住地址", actor=handler, time_limit_days=5,
                resident=resident, materials=[("租房合同", True)],
            )
        yield {
            "handler": handler, "other": other, "manager": manager, "resident": resident,
            "restricted": restricted, "complaint": complaint, "change": change,
        }


def _export(user, **data):
    response = client_for(user).post(EXPORT_URL, {"format": "xlsx", **data})
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    rows = xlsx_rows(response.content)
    return rows[0], rows[1:]


def _row(header, body, number):
    (row,) = [row for row in body if row[header.index("案件编号")] == number]
    return row


@pytest.mark.django_db
@pytest.mark.usefixtures("cases")
class TestCaseListExport:
    def test_front_desk_gets_the_id_number_masked_and_a_manager_in_full(self, cases):
        resident = cases["resident"]
        number = cases["change"].number
        header, body = _export(cases["handler"], kind=CaseKind.CHANGE)
        row = _row(header, body, number)
        assert row[header.index("公民身份号码")] == resident.id_number[:6] + "*" * 12
        assert {r[header.index("案件编号")] for r in body} == {number}  # the kind filter
        header, body = _export(cases["manager"], kind=CaseKind.CHANGE)
        assert _row(header, body, number)[header.index("公民身份号码")] == resident.id_number

    def test_a_restricted_affair_shows_the_neutral_label_to_who_does_not_handle_it(self, cases):
        number = cases["restricted"].number
        header, body = _export(cases["other"])
        row = _row(header, body, number)
        assert row[header.index("事由")] == "受限查看事项"
        assert not any("低保" in value for r in body for value in r)
        header, body = _export(cases["handler"])
        assert _row(header, body, number)[header.index("事由")] == DIBAO
        header, body = _export(cases["manager"])
        assert _row(header, body, number)[header.index("事由")] == DIBAO

    def test_formula_cells_are_neutralised(self, cases):
        header, body = _export(cases["handler"], kind=CaseKind.COMPLAINT)
        row = _row(header, body, cases["complaint"].number)
        assert row[header.index("事由")] == "'" + FORMULA_SUBJECT
        assert not any(value.startswith(("=", "+", "-", "@")) for r in body for value in r)

    def test_the_export_is_one_audit_entry_with_rows_filters_and_groups(self, cases):
        before = len(export_entries())
        client_for(cases["other"]).post(
            EXPORT_URL, {"format": "csv", "kind": CaseKind.AFFAIR, "q": "110101199003071234"}
        )
        entries = export_entries()
        assert len(entries) == before + 1
        data = entries[-1].additional_data
        assert entries[-1].actor_id == cases["other"].pk
        assert data["purpose"] == "case_list_export" and data["list"] == "cases"
        assert data["rows"] == 0
        assert data["filters"] == {"kind": "affair", "q": "110101************"}
        client_for(cases["other"]).post(EXPORT_URL, {"format": "csv", "kind": CaseKind.AFFAIR})
        data = export_entries()[-1].additional_data
        assert data["rows"] == 1
        # The restricted affair's details were not in the file: no comprehensive information.
        assert "sensitive" not in data["field_groups"] and "basic" in data["field_groups"]
        client_for(cases["handler"]).post(EXPORT_URL, {"format": "csv", "kind": CaseKind.AFFAIR})
        assert "sensitive" in export_entries()[-1].additional_data["field_groups"]

    def test_the_case_list_offers_the_export_with_its_filters(self, cases):
        page = client_for(cases["handler"]).get(
            reverse("casework:case_list"), {"kind": CaseKind.CHANGE}
        )
        html = page.content.decode()
        assert EXPORT_URL in html
        assert 'name="kind" value="change"' in html

    def test_staff_without_the_case_list_are_refused(self, cases):
        before = len(export_entries())
        for role in (roles.OTHER_STAFF, roles.AUDITOR):
            response = client_for(make_user(role)).post(EXPORT_URL, {"format": "csv"})
            assert response.status_code == 403
        assert len(export_entries()) == before
