"""Complaints and suggestions at the service centre (CMP-1…CMP-3, QRY-2): registration by
staff, the whole path through the case pages, and publishing on the public board."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.complaints import services as complaint_services
from casework.engine import services
from casework.models import Case, CaseKind, CaseStep
from casework.workdays.deadlines import add_working_days
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db
REGISTER = reverse("casework:complaint_register")
BOARD = reverse("public:board")


def _page(pk: int) -> str:
    return reverse("casework:case_detail", args=[pk])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register_data(**overrides) -> dict:
    data = {
        "channel": "hotline",
        "complaint_type": "complaint",
        "archive_number": "",
        "applicant_name": "上官来电",
        "applicant_contact": "137 0000 8888",
        "subject": "夜间施工噪音扰民",
        "details": "小区北侧工地每晚十一点后仍在施工。",
    }
    data.update(overrides)
    return data


def _closed(actor, **overrides) -> Case:
    """A complaint registered, handled, told and closed by a satisfied return visit."""
    arguments = dict(
        channel="window", complaint_type="complaint", subject="路灯损坏",
        details="小区东门路灯不亮", applicant_name="诸葛投诉", applicant_contact="13700005555",
    )
    arguments.update(overrides)
    case = complaint_services.complaint_register(actor=actor, **arguments)
    for action in ("investigate", "handle"):
        case = services.case_act(case=case, action=action, actor=actor)
    services.case_feedback(case=case, channel="phone", text="已电话告知", actor=actor)
    services.return_visit_record(case=case, satisfaction=5, comment="", actor=actor)
    return Case.objects.get(pk=case.pk)


# --- registration by staff (CMP-1) ---------------------------------------------------------


def test_front_desk_registers_a_hotline_complaint_with_the_time_limit(front_desk):
    client = _client(front_desk)
    form = client.get(REGISTER)
    assert form.status_code == 200
    assert "data-once" in form.content.decode()

    response = client.post(REGISTER, _register_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(case.pk)
    assert (case.kind, case.channel, case.status) == (CaseKind.COMPLAINT, "hotline", "registered")
    assert case.subject == "【投诉】夜间施工噪音扰民"
    assert case.details == "小区北侧工地每晚十一点后仍在施工。"
    assert (case.applicant_name, case.applicant_contact) == ("上官来电", "13700008888")
    assert case.resident is None
    assert case.opened_by == front_desk
    assert case.time_limit_days == settings.COMPLAINT_TIME_LIMIT_DAYS == 15
    assert case.due_on == add_working_days(timezone.localdate(), 15)
    page = client.get(_page(case.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "【投诉】夜间施工噪音扰民" in page
    assert "上官来电" in page and "13700008888" in page


def test_a_suggestion_from_a_resident_is_found_by_archive_number(front_desk):
    resident = make_resident(actor=front_desk)
    client = _client(front_desk)
    # Typed with a Chinese IME: full-width characters and no leading zeros.
    typed = resident.archive_number.replace("-", "－")
    response = client.post(REGISTER, _register_data(
        channel="window", complaint_type="suggestion", archive_number=typed, applicant_name="",
        applicant_contact="", subject="建议增设休息座椅", details="广场缺少座椅，老人不便。",
    ))
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.resident == resident
    assert case.subject == "【建议】建议增设休息座椅"
    assert complaint_services.complaint_type_of(case) == "suggestion"
    page = client.get(_page(case.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Suggestion" in page
    assert resident.archive_number in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"applicant_name": "", "archive_number": ""}, "applicant_name"),
        ({"archive_number": "JM-1999-999999"}, "archive_number"),
        ({"archive_number": "not a number"}, "archive_number"),
        ({"applicant_contact": "12345"}, "applicant_contact"),
        ({"subject": ""}, "subject"),
        ({"details": "   "}, "details"),
        ({"channel": "online"}, "channel"),
        ({"complaint_type": "praise"}, "complaint_type"),
    ],
)
def test_bad_registration_input_is_shown_next_to_its_field_and_nothing_is_saved(
    front_desk, overrides, field
):
    response = _client(front_desk).post(REGISTER, _register_data(**overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Case.objects.exists()
    assert not CaseStep.objects.exists()


def test_a_resident_the_user_may_not_see_is_not_found(front_desk):
    resident = make_resident(actor=front_desk)
    # A clerk allowed to open and view cases, but without access to residents.
    clerk = make_user(roles.OTHER_STAFF)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="casework", codename__in=["add_case", "view_case"]
        )
    )
    response = _client(clerk).post(
        REGISTER, _register_data(archive_number=resident.archive_number)
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_archive_number_error"' in text
    assert resident.name not in text
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", [roles.OTHER_STAFF, roles.AUDITOR, roles.REPORTER])
def test_only_case_workers_may_register_complaints(role):
    client = _client(make_user(role))
    assert client.get(REGISTER).status_code == 403
    assert client.post(REGISTER, _register_data()).status_code == 403
    assert not Case.objects.exists()


def test_staff_cannot_register_a_complaint_as_sent_online(front_desk):
    with pytest.raises(ActionRefused):
        complaint_services.complaint_register(
            actor=front_desk, channel="online", complaint_type="complaint", subject="噪音",
            details="噪音", applicant_name="某人",
        )
    assert not Case.objects.exists()


# --- the whole path through the pages (CMP-2, QRY-2) ---------------------------------------


def _step(client, case: Case, action: str, reason: str = ""):
    return client.post(reverse("casework:case_act", args=[case.pk]), {
        "action": action, f"step-{action}-action": action, f"step-{action}-reason": reason,
    })


def _feedback(client, case: Case, channel: str, text: str):
    return client.post(
        reverse("casework:case_feedback", args=[case.pk]), {"channel": channel, "text": text}
    )


def _visit(client, case: Case, satisfaction: int, comment: str = ""):
    return client.post(
        reverse("casework:return_visit", args=[case.pk]),
        {"satisfaction": str(satisfaction), "comment": comment},
    )


def test_a_complaint_goes_from_registration_through_a_reopening_to_closed(front_desk, manager):
    desk, boss = _client(front_desk), _client(manager)
    assert desk.post(REGISTER, _register_data()).status_code == 302
    case = Case.objects.get()

    def status() -> str:
        return Case.objects.get(pk=case.pk).status

    assert _step(desk, case, "investigate").status_code == 302
    assert status() == "investigating"
    escalate = reverse("casework:complaint_escalate", args=[case.pk])
    response = desk.post(escalate, {"department": "街道城管科", "reason": "涉及夜间施工许可"})
    assert response.status_code == 302
    assert status() == "investigating"
    assert Case.objects.get(pk=case.pk).escalated_to == "街道城管科"
    assert _step(desk, case, "handle", "城管已责令停止夜间施工").status_code == 302
    assert _feedback(desk, case, "phone", "已电话告知处理结果").status_code == 302
    assert status() == "feedback_given"
    assert _visit(desk, case, 2, "仍有施工噪音").status_code == 302
    assert status() == "investigating"

    assert _step(boss, case, "handle", "再次协调，施工单位承诺22点停工").status_code == 302
    assert _feedback(boss, case, "sms", "已短信告知").status_code == 302
    assert _visit(boss, case, 5).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed"
    assert case.closed_at is not None
    assert case.feedback_channel == "sms"

    assert [(s.action, s.from_status, s.to_status) for s in case.steps.all()] == [
        ("open", "", "registered"),
        ("investigate", "registered", "investigating"),
        ("escalate", "investigating", "investigating"),
        ("handle", "investigating", "handled"),
        ("give_feedback", "handled", "feedback_given"),
        ("reopen", "feedback_given", "investigating"),
        ("handle", "investigating", "handled"),
        ("give_feedback", "handled", "feedback_given"),
        ("close", "feedback_given", "closed"),
    ]
    assert [v.satisfaction for v in case.return_visits.all()] == [2, 5]
    page = boss.get(_page(case.pk)).content.decode()
    assert "街道城管科" in page and "涉及夜间施工许可" in page
    # Closed: the manager sees the publish form, the front desk does not.
    publish = reverse("casework:complaint_publish", args=[case.pk])
    assert f'action="{publish}"' in page
    assert f'action="{publish}"' not in desk.get(_page(case.pk)).content.decode()


def test_the_complaint_page_is_read_logged(front_desk):
    from auditlog.models import LogEntry

    case = _closed(front_desk)
    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _client(front_desk).get(_page(case.pk))
    entries = LogEntry.objects.filter(pk__gt=last, action=LogEntry.Action.ACCESS)
    assert [e.object_pk for e in entries] == [str(case.pk)]


# --- publishing on the board (CMP-3) -------------------------------------------------------


def _publish(client, case: Case, summary: str, result: str):
    return client.post(
        reverse("casework:complaint_publish", args=[case.pk]),
        {"publish-summary": summary, "publish-result": result},
    )


@pytest.mark.parametrize(
    ("summary", "result"),
    [
        ("诸葛投诉反映路灯不亮", "已修复"),  # the applicant's name
        ("反映路灯不亮", "已告知 137-0000-5555"),  # the contact, written with dashes
        ("反映路灯不亮", "已回复１３７００００５５５５"),  # the contact in full-width digits
        ("反映路灯不亮，联系电话13911112222", "已修复"),  # any mobile number
        ("反映路灯不亮", "核对身份证11010519491231002X后已修复"),  # any ID number
        ("反映路灯不亮", "核对身份证 110105 491231 002 后已修复"),  # an old 15-digit one
    ],
)
def test_publishing_refuses_texts_with_personal_information(manager, summary, result):
    case = _closed(manager)
    response = _publish(_client(manager), case, summary, result)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="error" role="alert"' in text
    case = Case.objects.get(pk=case.pk)
    assert case.published_at is None
    assert (case.public_summary, case.public_result) == ("", "")
    assert not case.steps.filter(action="publish").exists()


@pytest.mark.parametrize("field", ["name", "id_number", "phone"])
def test_publishing_refuses_the_residents_own_data(manager, field):
    resident = make_resident(actor=manager)
    case = _closed(manager, resident=resident, applicant_name="", applicant_contact="")
    value = getattr(resident, field)
    with pytest.raises(ActionRefused) as refused:
        complaint_services.complaint_publish(
            case=case, actor=manager, summary="反映路灯不亮", result=f"已告知{value}",
        )
    # The message says what kind of data it is, never the value.
    assert value not in refused.value.message
    assert Case.objects.get(pk=case.pk).published_at is None


def test_a_manager_publishes_a_closed_complaint_and_withdraws_it(manager):
    case = _closed(manager)
    boss = _client(manager)
    response = _publish(boss, case, "反映小区东门路灯不亮", "已协调物业更换灯具")
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.published_at is not None
    assert case.public_summary == "反映小区东门路灯不亮"
    assert case.public_result == "已协调物业更换灯具"
    step = case.steps.last()
    assert (step.action, step.from_status, step.to_status, step.actor) == (
        "publish", "closed", "closed", manager
    )
    board = Client().get(BOARD).content.decode()
    assert "反映小区东门路灯不亮" in board and "已协调物业更换灯具" in board
    page = boss.get(_page(case.pk)).content.decode()
    assert reverse("casework:complaint_unpublish", args=[case.pk]) in page

    response = boss.post(
        reverse("casework:complaint_unpublish", args=[case.pk]), {"unpublish-reason": "公示期满"}
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.published_at is None
    assert case.public_summary == "反映小区东门路灯不亮"  # kept for a later publication
    step = case.steps.last()
    assert (step.action, step.decision_reason, step.actor) == ("unpublish", "公示期满", manager)
    assert "反映小区东门路灯不亮" not in Client().get(BOARD).content.decode()


def test_an_open_complaint_cannot_be_published(manager):
    case = complaint_services.complaint_register(
        actor=manager, channel="window", complaint_type="complaint", subject="噪音",
        details="噪音", applicant_name="某人",
    )
    response = _publish(_client(manager), case, "反映噪音", "已处理")
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.content.decode()
    case = Case.objects.get(pk=case.pk)
    assert case.published_at is None and case.public_summary == ""


def test_publishing_needs_both_texts_and_shows_the_missing_one(manager):
    case = _closed(manager)
    response = _publish(_client(manager), case, "反映路灯不亮", "")
    assert response.status_code == 200
    assert 'id="id_publish-result_error"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).published_at is None


def test_the_front_desk_may_not_publish_or_withdraw(front_desk, manager):
    case = _closed(front_desk)
    desk = _client(front_desk)
    assert _publish(desk, case, "反映路灯不亮", "已修复").status_code == 403
    complaint_services.complaint_publish(
        case=case, actor=manager, summary="反映路灯不亮", result="已修复"
    )
    unpublish = reverse("casework:complaint_unpublish", args=[case.pk])
    assert desk.post(unpublish).status_code == 403
    assert Case.objects.get(pk=case.pk).published_at is not None


def test_withdrawing_an_unpublished_complaint_is_refused(manager):
    case = _closed(manager)
    response = _client(manager).post(reverse("casework:complaint_unpublish", args=[case.pk]))
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.content.decode()
    assert not case.steps.filter(action="unpublish").exists()


def test_other_kinds_of_case_are_not_published(manager):
    resident = make_resident(actor=manager)
    change = services.case_open(
        kind=CaseKind.CHANGE, subject="变更地址", actor=manager, time_limit_days=5,
        resident=resident,
    )
    assert _publish(_client(manager), change, "反映", "已处理").status_code == 403
