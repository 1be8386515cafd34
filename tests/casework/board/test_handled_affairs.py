"""Results of handled affairs published (PUB-2): item, applicant masked as 张*, result and date,
on a public page and as an A4 notice; open affairs and items that tell a resident's status are
never published."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.affairs import catalogue
from casework.engine import services as cases
from casework.models import Case, CaseKind
from residents import roles
from residents.access.masking import mask_name
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db
BOARD = reverse("public:affairs_board")
NOTICE = reverse("public:affairs_notice")


def _item(manager, name: str, *, reveals: bool = False):
    return catalogue.catalogue_item_add(
        name=name, legal_basis="依据", materials="身份证", procedure="受理\n审批",
        time_limit_days=5, needs_second_review=False, actor=manager, reveals_status=reveals,
    )


def _affair(desk, item, resident, status: str, *, days_ago: int = 1):
    case = cases.case_open(kind=CaseKind.AFFAIR, subject=item.name, actor=desk,
                           resident=resident, time_limit_days=5, affair_item=item)
    if status != "accepted":
        Case.objects.filter(pk=case.pk).update(
            status=status, closed_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return case


@pytest.fixture
def published():
    desk, manager = make_user(roles.FRONT_DESK), make_user(roles.MANAGER)
    elderly_card = _item(manager, "老年人优待证办理")
    dibao = _item(manager, "低保申请", reveals=True)
    zhang = make_resident(actor=desk, name="张三丰", phone="13912345678")
    li = make_resident(actor=desk, name="李四")
    return {
        "handled": _affair(desk, elderly_card, zhang, "closed"),
        "refused": _affair(desk, elderly_card, li, "rejected", days_ago=2),
        "open": _affair(desk, elderly_card, li, "accepted"),
        "old": _affair(desk, elderly_card, li, "closed", days_ago=60),
        "status": _affair(desk, dibao, zhang, "closed"),
        "zhang": zhang, "li": li,
    }


def test_anyone_reads_handled_affairs_with_the_name_masked(published):
    response = Client().get(BOARD)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["number"] for row in rows] == [
        published["handled"].number, published["refused"].number, published["old"].number
    ]
    assert rows[0]["masked_name"] == "张*" and rows[0]["item"] == "老年人优待证办理"
    assert str(rows[1]["result"]) != str(rows[0]["result"])
    page = response.content.decode()
    assert "张*" in page
    for secret in ("张三丰", "李四", published["zhang"].id_number, "13912345678", "低保申请"):
        assert secret not in page
    assert published["open"].number not in page


def test_the_notice_prints_the_last_thirty_days_on_a4(published):
    response = Client().get(NOTICE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert published["handled"].number in text and "张*" in text
    assert published["old"].number not in text
    assert "张三丰" not in text and "低保申请" not in text


def test_a_name_is_masked_to_its_first_character():
    assert mask_name("欧阳娜娜") == "欧*"
    assert mask_name(" 王五 ") == "王*"
    assert mask_name("") == ""
