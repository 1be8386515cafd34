"""The public service guide (PUB-1): every offered affair with its legal basis, materials,
procedure and time limit, for anyone without logging in; retired affairs and anything about
cases or people never appear."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

ELDERLY = {
    "name": "老年人优待证办理",
    "legal_basis": "《中华人民共和国老年人权益保障法》第五十七条",
    "materials": "户口簿原件及复印件\n居民身份证原件及复印件\n近期一寸免冠照片2张",
    "procedure": "窗口受理\n业务科室初审\n社区负责人审批\n制证发放",
    "time_limit_days": 7,
}
BIRTH = {
    "name": "生育登记",
    "legal_basis": "《中华人民共和国人口与计划生育法》第二十条",
    "materials": "夫妻双方居民身份证\n结婚证",
    "procedure": "窗口受理\n信息核验\n登记发证",
    "time_limit_days": 2,
}


@pytest.fixture
def items(manager):
    return [
        catalogue_services.catalogue_item_add(**data, needs_second_review=False, actor=manager)
        for data in (ELDERLY, BIRTH)
    ]


def _retire(item, manager):
    data = {key: getattr(item, key) for key in ELDERLY}
    return catalogue_services.catalogue_item_change(
        item=item, **data, needs_second_review=False, is_active=False, actor=manager
    )


def test_anyone_reads_the_guide_with_every_offered_affair_in_full(items):
    response = Client().get(reverse("public:guide"))
    assert response.status_code == 200
    page = response.content.decode()
    for data in (ELDERLY, BIRTH):
        assert data["name"] in page
        assert data["legal_basis"] in page
        for line in data["materials"].splitlines() + data["procedure"].splitlines():
            assert f"<li>{line}</li>" in page
    shown = {item.name: item.time_limit_days for item in response.context["items"]}
    assert shown == {ELDERLY["name"]: 7, BIRTH["name"]: 2}
    for item in items:
        assert reverse("public:guide_item", args=[item.pk]) in page


def test_one_affair_page_shows_its_basis_materials_steps_and_time_limit(items):
    response = Client().get(reverse("public:guide_item", args=[items[0].pk]))
    assert response.status_code == 200
    assert response.context["item"] == items[0]
    page = response.content.decode()
    assert ELDERLY["legal_basis"] in page
    for line in ELDERLY["materials"].splitlines() + ELDERLY["procedure"].splitlines():
        assert f"<li>{line}</li>" in page
    assert "7" in page.split(ELDERLY["legal_basis"])[1].split("</dd>")[1]
    assert BIRTH["name"] not in page


def test_a_retired_affair_is_no_longer_published(items, manager):
    _retire(items[0], manager)
    page = Client().get(reverse("public:guide")).content.decode()
    assert ELDERLY["name"] not in page
    assert ELDERLY["legal_basis"] not in page
    assert BIRTH["name"] in page
    assert Client().get(reverse("public:guide_item", args=[items[0].pk])).status_code == 404
    assert Client().get(reverse("public:guide_item", args=[999999])).status_code == 404


def test_the_guide_shows_no_case_and_nothing_about_a_person(items, front_desk):
    resident = make_resident(actor=front_desk)
    case = affair_services.affair_accept(
        item=items[0], resident=resident, actor=front_desk, applicant_name="代办人王芳",
        applicant_contact="13900003333", details="为母亲代办优待证",
    )
    for url in (reverse("public:guide"), reverse("public:guide_item", args=[items[0].pk])):
        page = Client().get(url).content.decode()
        for private in (
            case.number, resident.name, resident.archive_number, resident.id_number,
            "代办人王芳", "13900003333", "为母亲代办优待证", front_desk.username,
        ):
            assert private not in page


def test_an_empty_guide_says_so(db):
    response = Client().get(reverse("public:guide"))
    assert response.status_code == 200
    assert list(response.context["items"]) == []


def test_the_guide_shows_the_time_limits_of_changes_queries_and_complaints(db, settings):
    settings.COMPLAINT_TIME_LIMIT_DAYS = 12
    settings.QUERY_TIME_LIMIT_DAYS = 4
    response = Client().get(reverse("public:guide"), HTTP_ACCEPT_LANGUAGE="en")
    limits = {str(label): days for label, days in response.context["other_limits"]}
    assert limits == {
        "Information change request": settings.CHANGE_TIME_LIMIT_DAYS,
        "Information query request": 4,
        "Complaint or suggestion": 12,
    }
    page = response.content.decode()
    assert "12 working days" in page and "4 working days" in page


def test_a_complaint_gets_the_time_limit_the_settings_give(settings, front_desk):
    from casework.complaints import services as complaints

    settings.COMPLAINT_TIME_LIMIT_DAYS = 9
    case = complaints.complaint_register(
        complaint_type="complaint", subject="噪音扰民", details="晚上施工", channel="hotline",
        actor=front_desk, applicant_name="王五",
    )
    assert case.time_limit_days == 9
