"""The public pages without login (CMP-1, CMP-3, PUB-1): the online complaint form and the
board of handled complaints, which shows no personal information at all."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.board.views import PAGE_SIZE
from casework.complaints import services as complaint_services
from casework.engine import services
from casework.models import Case, CaseStep
from residents import roles
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db
NEW = reverse("public:complaint_new")
DONE = reverse("public:complaint_done")
BOARD = reverse("public:board")


def _online_data(**overrides) -> dict:
    data = {
        "complaint_type": "complaint",
        "name": "欧阳网友",
        "contact": "138 0013 9999",
        "subject": "垃圾清运不及时",
        "details": "3号楼垃圾桶连续三天无人清运，气味很大。",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


# --- the online form (CMP-1) ---------------------------------------------------------------


def test_anyone_sends_a_complaint_online_and_gets_its_number():
    visitor = Client()
    form = visitor.get(NEW)
    assert form.status_code == 200
    assert "data-once" in form.content.decode()

    response = visitor.post(NEW, _online_data())
    assert response.status_code == 302
    assert response["Location"] == DONE
    case = Case.objects.get()
    assert (case.kind, case.channel, case.status) == ("complaint", "online", "registered")
    assert case.opened_by is None
    assert (case.applicant_name, case.applicant_contact) == ("欧阳网友", "13800139999")
    assert case.subject == "【投诉】垃圾清运不及时"
    assert case.details == "3号楼垃圾桶连续三天无人清运，气味很大。"
    assert case.time_limit_days == settings.COMPLAINT_TIME_LIMIT_DAYS
    opening = case.steps.get()
    assert (opening.action, opening.actor) == ("open", None)

    done = visitor.get(DONE).content.decode()
    assert case.number in done
    assert str(settings.COMPLAINT_TIME_LIMIT_DAYS) in done
    # Nothing personal on the confirmation page.
    assert "欧阳网友" not in done and "13800139999" not in done
    assert "垃圾清运" not in done


def test_a_suggestion_sent_online_reaches_the_front_desk(front_desk):
    Client().post(NEW, _online_data(complaint_type="suggestion", subject="增设快递柜"))
    case = Case.objects.get()
    assert complaint_services.complaint_type_of(case) == "suggestion"
    desk = Client()
    desk.force_login(front_desk)
    listed = desk.get(reverse("casework:case_list"), {"kind": "complaint"}).content.decode()
    assert case.number in listed
    page = desk.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "欧阳网友" in page and "13800139999" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"contact": ""}, "contact"),
        ({"contact": "12345"}, "contact"),
        ({"contact": "1381234567a"}, "contact"),
        ({"subject": ""}, "subject"),
        ({"details": ""}, "details"),
        ({"consent": ""}, "consent"),
        ({"complaint_type": ""}, "complaint_type"),
    ],
)
def test_bad_online_input_is_shown_next_to_its_field_and_nothing_is_saved(overrides, field):
    data = {k: v for k, v in _online_data(**overrides).items() if v != ""}
    response = Client().post(NEW, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="id_{field}_error"' in text
    assert "data-once" in text
    assert not Case.objects.exists()
    assert not CaseStep.objects.exists()


def test_a_filled_honeypot_saves_nothing_and_says_nothing():
    visitor = Client()
    response = visitor.post(NEW, _online_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert not Case.objects.exists()
    done = visitor.get(DONE)
    assert done.status_code == 200
    assert "TS-" not in done.content.decode()


def test_the_done_page_without_a_complaint_shows_no_number():
    response = Client().get(DONE)
    assert response.status_code == 200
    assert "TS-" not in response.content.decode()


# --- the board (CMP-3, PUB-1) --------------------------------------------------------------

# Distinctive personal data of the complainants; none of it may reach the board.
APPLICANT_NAME, APPLICANT_PHONE = "皇甫秘密", "13566667777"
ONLINE_NAME, ONLINE_PHONE = "慕容隐私", "15988889999"
RESIDENT_NAME, RESIDENT_PHONE = "端木居民", "18611112222"


def _close(case: Case, actor) -> Case:
    for action in ("investigate", "handle"):
        case = services.case_act(case=case, action=action, actor=actor)
    services.case_feedback(case=case, channel="phone", text="已电话告知处理结果", actor=actor)
    services.return_visit_record(case=case, satisfaction=4, comment="", actor=actor)
    return Case.objects.get(pk=case.pk)


def _staff_complaint(actor, subject: str, **who) -> Case:
    return complaint_services.complaint_register(
        actor=actor, channel="hotline", complaint_type="complaint", subject=subject,
        details=f"{subject}，请尽快处理。", **who,
    )


@pytest.fixture
def board_world(db):
    desk, manager = make_user(roles.FRONT_DESK), make_user(roles.MANAGER)
    resident = make_resident(actor=desk, name=RESIDENT_NAME, phone=RESIDENT_PHONE)
    by_applicant = _close(
        _staff_complaint(desk, f"{APPLICANT_NAME}反映噪音",
                         applicant_name=APPLICANT_NAME, applicant_contact=APPLICANT_PHONE),
        desk,
    )
    by_resident = _close(_staff_complaint(desk, "楼道灯不亮", resident=resident), desk)
    Client().post(NEW, _online_data(
        name=ONLINE_NAME, contact=ONLINE_PHONE, complaint_type="suggestion",
        subject=f"{ONLINE_NAME}建议增设座椅", details=f"联系我{ONLINE_PHONE}",
    ))
    online = _close(Case.objects.get(channel="online"), desk)
    published = [
        complaint_services.complaint_publish(
            case=case, actor=manager, summary=summary, result=result,
        )
        for case, summary, result in [
            (by_applicant, "反映夜间噪音扰民", "已协调施工单位调整作业时间"),
            (by_resident, "反映楼道照明损坏", "已更换灯具"),
            (online, "建议广场增设休息座椅", "已增设座椅六处"),
        ]
    ]
    withdrawn = _close(_staff_complaint(desk, "停车难", applicant_name="某居民"), desk)
    complaint_services.complaint_publish(
        case=withdrawn, actor=manager, summary="反映停车位不足", result="已规划临时停车区",
    )
    complaint_services.complaint_unpublish(case=withdrawn, actor=manager, reason="信息有误")
    closed_unpublished = _close(_staff_complaint(desk, "井盖松动", applicant_name="某居民"), desk)
    still_open = _staff_complaint(desk, "电梯故障", applicant_name="某居民")
    return {
        "resident": resident, "published": published, "withdrawn": withdrawn,
        "closed_unpublished": closed_unpublished, "open": still_open,
    }


def test_the_board_shows_published_results_to_anyone_without_personal_data(board_world):
    response = Client().get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("反映夜间噪音扰民", "已协调施工单位调整作业时间", "反映楼道照明损坏",
                 "已更换灯具", "建议广场增设休息座椅", "已增设座椅六处"):
        assert text in html
    for case in board_world["published"]:
        assert case.number in html
        assert timezone.localtime(case.opened_at).strftime("%Y-%m-%d") in html
    resident = board_world["resident"]
    for secret in (
        APPLICANT_NAME, APPLICANT_PHONE, ONLINE_NAME, ONLINE_PHONE, RESIDENT_NAME,
        RESIDENT_PHONE, resident.id_number, resident.address, resident.archive_number,
        "某居民", "【投诉】", "【建议】", "请尽快处理",
    ):
        assert secret not in html, secret


def test_withdrawn_unpublished_and_open_complaints_are_not_on_the_board(board_world):
    html = Client().get(BOARD).content.decode()
    assert "反映停车位不足" not in html
    for key in ("withdrawn", "closed_unpublished", "open"):
        assert board_world[key].number not in html


def test_the_board_names_channel_and_type_of_each_result(board_world):
    html = Client().get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = html.split("<tr>")[2:]
    # Newest first: the online suggestion was published last.
    assert "建议广场增设休息座椅" in rows[0]
    assert "Online" in rows[0] and "Suggestion" in rows[0]
    assert "反映夜间噪音扰民" in rows[2]
    assert "By the hotline" in rows[2] and "Complaint" in rows[2]


def test_the_board_is_paginated_newest_first(db):
    desk, manager = make_user(roles.FRONT_DESK), make_user(roles.MANAGER)
    for n in range(PAGE_SIZE + 1):
        case = _close(_staff_complaint(desk, f"事项{n}", applicant_name="某居民"), desk)
        complaint_services.complaint_publish(
            case=case, actor=manager, summary=f"公示摘要第{n:02d}号", result="已处理",
        )
    first = Client().get(BOARD).content.decode()
    assert f"公示摘要第{PAGE_SIZE:02d}号" in first
    assert "公示摘要第00号" not in first
    assert 'rel="next"' in first
    second = Client().get(BOARD, {"page": 2}).content.decode()
    assert "公示摘要第00号" in second
    assert f"公示摘要第{PAGE_SIZE:02d}号" not in second


def test_the_board_without_results_still_answers(db):
    response = Client().get(BOARD)
    assert response.status_code == 200


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    return "".join(page.extract_text() for page in reader.pages)


def test_the_board_prints_as_an_a4_notice_of_the_published_results(board_world):
    text = _pdf_text(Client().get(reverse("public:board_notice")))
    for case in board_world["published"]:
        assert case.number in text
    assert "已更换灯具" in text and "建议广场增设休息座椅" in text
    assert board_world["withdrawn"].number not in text
    assert board_world["closed_unpublished"].number not in text


def test_no_public_page_or_notice_contains_personal_data(board_world):
    """Every public list and its notice: the boards, handled affairs, policies, the guide."""
    resident = board_world["resident"]
    secrets = (
        APPLICANT_NAME, APPLICANT_PHONE, ONLINE_NAME, ONLINE_PHONE, RESIDENT_NAME,
        RESIDENT_PHONE, resident.id_number, resident.address, resident.archive_number,
        "某居民", "请尽快处理",
    )
    client = Client()
    for name in ("public:board", "public:affairs_board", "public:policies", "public:guide"):
        page = client.get(reverse(name)).content.decode()
        for secret in secrets:
            assert secret not in page, (name, secret)
    for name in ("public:board_notice", "public:affairs_notice", "public:policies_notice"):
        text = _pdf_text(client.get(reverse(name)))
        for secret in secrets:
            assert secret not in text, (name, secret)
