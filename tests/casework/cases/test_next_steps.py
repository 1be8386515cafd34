"""Issue 16 item 4: every case page says what happens next and who does it, read from the
workflow tables for every kind; the status filter names each status once per kind."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from casework.complaints import services as complaints
from casework.engine import services
from casework.engine.next_steps import next_step_lines
from casework.engine.workflows import WORKFLOWS, statuses_by_kind
from casework.models import Case, CaseKind
from residents import roles
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("casework:case_list")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, case) -> str:
    response = client.get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def boss(db):
    return make_user(roles.MANAGER)


@pytest.fixture
def resident(desk):
    return make_resident(actor=desk)


def test_an_affair_page_says_a_manager_takes_the_initial_review_even_to_front_desk(
    desk, resident
):
    affair = services.case_open(
        kind=CaseKind.AFFAIR, subject="老年证办理", actor=desk, time_limit_days=10,
        resident=resident,
    )
    text = _page(_client(desk), affair)
    assert "等待管理人员：初审" in text
    # Front desk cannot take that step, and the page does not claim it may.
    assert "您可在本页办理此步骤" not in text.split("等待管理人员：初审")[1][:60]


def test_a_change_request_page_says_the_window_staff_verify_it_and_offers_it(desk, resident):
    change = services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=desk, time_limit_days=5,
        resident=resident,
    )
    text = _page(_client(make_user(roles.FRONT_DESK)), change)
    assert "等待窗口工作人员：验证" in text
    assert "您可在本页办理此步骤" in text


def test_a_closed_complaint_waits_for_a_manager_to_publish_it_and_then_is_finished(
    desk, boss
):
    case = services.case_open(
        kind=CaseKind.COMPLAINT, subject="楼道堆放杂物", actor=desk, time_limit_days=5,
        applicant_name="欧阳", applicant_contact="13700001234", channel="hotline",
    )
    assert "等待窗口工作人员：调查核实" in _page(_client(desk), case)
    Case.objects.filter(pk=case.pk).update(status="closed")
    case.refresh_from_db()
    assert "等待管理人员：在公示栏公示" in _page(_client(desk), case)
    complaints.complaint_publish(case=case, actor=boss, summary="楼道杂物", result="已清理")
    case.refresh_from_db()
    assert "已办结，没有后续步骤。" in _page(_client(desk), case)


def test_every_status_of_every_kind_names_a_next_step_or_says_the_case_is_over(desk):
    # Any kind registered with the engine: its page never leaves the next step blank.
    for kind, statuses in statuses_by_kind().items():
        for status in statuses:
            case = Case(kind=kind, status=status, needs_second_review=False)
            lines = next_step_lines(case)
            assert lines and all(line["text"] for line in lines), (kind, status)
    assert set(statuses_by_kind()) == {str(kind) for kind in WORKFLOWS}


def test_the_status_filter_names_each_status_once_per_kind(desk, resident):
    response = _client(desk).get(LIST)
    field = response.context["form"]["status"]
    html = str(field)
    for kind in WORKFLOWS:
        with translation.override("zh-hans"):
            assert f'<optgroup label="{CaseKind(kind).label}">' in html
    groups = [options for _label, options in field.field.choices[1:]]
    for options in groups:
        labels = [str(label) for _value, label in options]
        assert len(labels) == len(set(labels))


def test_the_status_filter_selects_the_status_of_the_chosen_kind_only(desk, resident):
    change = services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=desk, time_limit_days=5,
        resident=resident,
    )
    services.case_act(case=change, action="reject", actor=desk, reason="材料不实")
    affair = services.case_open(
        kind=CaseKind.AFFAIR, subject="老年证办理", actor=desk, time_limit_days=10,
        resident=resident,
    )
    services.case_act(case=affair, action="reject", actor=desk, reason="不符合条件")
    client = _client(desk)
    numbers = [row["case"].number for row in client.get(LIST, {"status": "change:rejected"})
               .context["rows"]]
    assert numbers == [change.number]
    both = [row["case"].number for row in client.get(LIST, {"status": "rejected"})
            .context["rows"]]
    assert set(both) == {change.number, affair.number}
