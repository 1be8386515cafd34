"""The whistle-blowing channel (SUP-7): separate from complaints, anonymous if wished, seen and
handled by the supervision group and auditors only."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from casework.models import Case, WhistleblowingReport
from residents import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW = reverse("public:whistleblowing_new")


def test_an_anonymous_report_is_received_with_a_number_and_no_case(client):
    response = client.post(NEW, {"about": "三号窗口工作人员", "content": "办理低保时索要好处费"},
                           follow=True)
    report = WhistleblowingReport.objects.get()
    assert report.number.startswith("JB-") and report.number in response.content.decode()
    assert report.reporter_name == "" and report.channel == "online"
    assert not Case.objects.exists()  # not a complaint: it never shows in the case lists


def test_a_name_without_consent_is_refused_and_nothing_is_kept(client):
    response = client.post(NEW, {"about": "某部门", "content": "违规收费", "name": "王五",
                                 "contact": "13600001111"})
    assert response.status_code == 200
    assert "匿名" in response.content.decode()
    assert not WhistleblowingReport.objects.exists()


def test_a_report_with_consent_keeps_the_name_out_of_the_change_log(client):
    client.post(NEW, {"about": "某部门", "content": "违规收费", "name": "王五",
                      "contact": "13600001111", "consent": "on"})
    report = WhistleblowingReport.objects.get()
    assert report.reporter_name == "王五"
    changes = str(list(LogEntry.objects.get_for_object(report).values_list("changes", flat=True)))
    assert "王五" not in changes and "13600001111" not in changes


def test_empty_fields_are_refused_next_to_the_field(client):
    response = client.post(NEW, {"about": "", "content": ""})
    assert response.status_code == 200 and not WhistleblowingReport.objects.exists()
    assert response.content.decode().count('role="alert"') >= 2


def test_a_robot_filling_the_hidden_field_gets_the_usual_answer_and_nothing_is_saved(client):
    response = client.post(NEW, {"about": "x", "content": "y", "website": "http://spam"})
    assert response.status_code == 302 and not WhistleblowingReport.objects.exists()


def test_front_desk_and_managers_never_see_reports(client, front_desk, manager):
    client.post(NEW, {"about": "管理人员", "content": "泄露居民信息"})
    report = WhistleblowingReport.objects.get()
    for user in (front_desk, manager):
        client.force_login(user)
        assert client.get(reverse("casework:whistleblowing_list")).status_code == 403
        assert client.get(
            reverse("casework:whistleblowing_detail", args=[report.pk])).status_code == 403
        assert "泄露居民信息" not in client.get(reverse("casework:case_list")).content.decode()


def test_the_supervision_group_investigates_and_concludes(client):
    client.post(NEW, {"about": "某窗口", "content": "推诿不办"})
    report = WhistleblowingReport.objects.get()
    client.force_login(make_user(roles.SUPERVISOR))
    step = reverse("casework:whistleblowing_step", args=[report.pk])
    client.post(step, {"action": "investigate"})
    refused = client.post(step, {"action": "conclude", "note": ""})
    assert "请填写" in refused.content.decode()
    client.post(step, {"action": "conclude", "note": "经核实，已对当事人批评教育"})
    report.refresh_from_db()
    assert report.status == "concluded" and report.conclusion == "经核实，已对当事人批评教育"
    again = client.post(step, {"action": "investigate"})  # a second click or a stale page
    assert "不再可用" in again.content.decode()
    assert list(report.steps.values_list("action", flat=True)) == [
        "receive", "investigate", "conclude"]


def test_an_auditor_registers_a_hotline_report(client):
    client.force_login(make_user(roles.AUDITOR))
    response = client.post(reverse("casework:whistleblowing_register"),
                           {"channel": "hotline", "about": "某部门", "content": "违规收费"})
    report = WhistleblowingReport.objects.get()
    assert response.status_code == 302 and report.channel == "hotline"
    assert report.received_by is not None
