"""Inspections, spot checks, their checklist and accountability records (SUP-1, SUP-5, SUP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AccountabilityRecord, ChecklistItem, Inspection, InspectionFinding
from residents import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _form(kind: str = "quarterly", day: datetime.date | None = None, **results) -> dict:
    data = {"kind": kind, "inspected_on": (day or timezone.localdate()).isoformat(),
            "inspectors": "社区主任、督查组", "summary": "总体良好"}
    for index, _item in enumerate(ChecklistItem.objects.filter(active=True)):
        data[f"result_{index}"] = results.get(f"result_{index}", "passed")
        data[f"finding_{index}"] = results.get(f"finding_{index}", "")
    return data


def test_a_new_installation_has_the_five_checkpoints_of_the_inspection(manager_client):
    page = manager_client.get(reverse("casework:inspection_create") + "?kind=quarterly")
    text = page.content.decode()
    for title in ("登记信息完整性", "复核按时完成", "授权审查", "档案管理", "投诉处理"):
        assert title in text


def test_a_quarterly_inspection_is_recorded_with_a_finding_per_checkpoint(manager_client):
    response = manager_client.post(
        reverse("casework:inspection_create"),
        _form(result_1="problem", finding_1="3 户复核逾期未办"),
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert inspection.findings.count() == ChecklistItem.objects.filter(active=True).count()
    detail = manager_client.get(reverse("casework:inspection_detail", args=[inspection.pk]))
    assert "3 户复核逾期未办" in detail.content.decode()
    listing = manager_client.get(reverse("casework:inspection_list")).content.decode()
    assert "季度检查" in listing


def test_a_problem_without_its_description_is_refused_and_nothing_is_saved(manager_client):
    response = manager_client.post(reverse("casework:inspection_create"),
                                   _form(result_2="problem"))
    assert response.status_code == 200
    assert "请说明" in response.content.decode()
    assert not Inspection.objects.exists() and not InspectionFinding.objects.exists()


def test_a_quarter_is_inspected_once_but_spot_checks_come_as_often_as_needed(manager_client):
    manager_client.post(reverse("casework:inspection_create"), _form())
    again = manager_client.post(reverse("casework:inspection_create"), _form())
    assert "已登记" in again.content.decode()
    for _ in range(2):
        manager_client.post(reverse("casework:inspection_create"), _form(kind="spot_check"))
    assert Inspection.objects.filter(kind="quarterly").count() == 1
    assert Inspection.objects.filter(kind="spot_check").count() == 2


def test_an_inspection_dated_in_the_future_is_refused(manager_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = manager_client.post(reverse("casework:inspection_create"), _form(day=tomorrow))
    assert response.status_code == 200 and not Inspection.objects.exists()


def test_the_work_lists_show_a_due_quarterly_inspection_until_it_is_recorded(manager_client):
    assert "季度检查待开展" in manager_client.get(reverse("residents:worklists")).content.decode()
    manager_client.post(reverse("casework:inspection_create"), _form())
    assert "季度检查待开展" not in manager_client.get(
        reverse("residents:worklists")).content.decode()


def test_editing_a_checkpoint_leaves_recorded_inspections_as_they_were(manager_client):
    manager_client.post(reverse("casework:inspection_create"), _form())
    item = ChecklistItem.objects.get(title="档案管理")
    manager_client.post(reverse("casework:checklist") + f"?edit={item.pk}",
                        {"title": "档案归档与查阅", "position": "4", "active": "on"})
    item.refresh_from_db()
    assert item.title == "档案归档与查阅"
    assert InspectionFinding.objects.filter(checkpoint="档案管理").exists()


def test_a_retired_checkpoint_is_no_longer_asked(manager_client):
    item = ChecklistItem.objects.get(title="授权审查")
    manager_client.post(reverse("casework:checklist") + f"?edit={item.pk}",
                        {"title": item.title, "position": "3"})
    page = manager_client.get(reverse("casework:inspection_create")).content.decode()
    form = page.split("<h1>", 1)[1]  # the success message above still names it
    assert "授权审查" not in form and "复核按时完成" in form


def test_accountability_names_who_is_held_accountable(manager_client, front_desk):
    url = reverse("casework:accountability")
    base = {"measure": "admonishment", "grounds": "未按时复核", "decided_by": "社区党委",
            "decided_on": timezone.localdate().isoformat()}
    missing_staff = manager_client.post(url, {**base, "level": "staff"})
    assert "请选择" in missing_staff.content.decode()
    missing_unit = manager_client.post(url, {**base, "level": "department"})
    assert "请填写" in missing_unit.content.decode()
    assert not AccountabilityRecord.objects.exists()
    manager_client.post(url, {**base, "level": "staff", "staff_member": front_desk.pk})
    record = AccountabilityRecord.objects.get()
    assert record.staff_member == front_desk and record.measure == "admonishment"


def test_accountability_is_read_by_managers_and_auditors_only(client, manager):
    AccountabilityRecord.objects.create(
        level="community", unit="东四社区", measure="criticism", grounds="公示不及时",
        decided_by="街道办", decided_on=timezone.localdate(), recorded_by=manager,
    )
    url = reverse("casework:accountability")
    client.force_login(make_user(roles.AUDITOR))
    assert "公示不及时" in client.get(url).content.decode()
    for role in (roles.FRONT_DESK, roles.SUPERVISOR, roles.REPORTER, roles.OTHER_STAFF):
        client.force_login(make_user(role))
        assert client.get(url).status_code == 403


def test_the_supervision_group_reads_inspections_but_records_none(client, manager_client):
    manager_client.post(reverse("casework:inspection_create"), _form())
    client.force_login(make_user(roles.SUPERVISOR))
    assert client.get(reverse("casework:inspection_list")).status_code == 200
    assert client.post(reverse("casework:inspection_create"),
                       _form(kind="spot_check")).status_code == 403
