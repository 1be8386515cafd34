"""Affairs and emergencies that reveal a resident's economic or health status (低保, 特困,
disability, serious illness) are comprehensive information (ACC-1, AFF-7): the front desk
sees their details only on the ones they handle, managers see them all. Another front-desk
user sees that such a case exists under a neutral label, on the case page, in the lists, on
the resident's timeline and in the case search; a serious illness is left out of their
tracking lists like a 低保 application. The trail never names what a case is about.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.models import AffairItem, Case, CaseMaterial, CaseSlip
from residents import roles
from residents.audit.context import acting_as
from residents.audit.trail import display_entries
from residents.tracking import services as tracking_services
from tests.factories import make_resident, make_user

DIBAO = "低保申请受理"
DIBAO_DETAILS = "家庭主要劳动力因病失去工作，申请最低生活保障"
DIBAO_MATERIAL = "家庭收入情况声明及相关收入证明"
RESIDENCE = "居住证明开具"
ILLNESS = "确诊尿毒症，需每周三次透析"
ACCIDENT = "楼道滑倒，手腕擦伤"
# Words that tell the kind of the restricted affair or the illness, wherever they might show.
REVEALING = (DIBAO, "低保", "最低生活保障", DIBAO_DETAILS, DIBAO_MATERIAL, ILLNESS, "重病")


def _item(manager, name: str, materials: str) -> AffairItem:
    return catalogue_services.catalogue_item_add(
        name=name, legal_basis="《社会救助暂行办法》第九条", materials=materials,
        procedure="窗口受理\n审核", time_limit_days=30, needs_second_review=False,
        actor=manager,
    )


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    """Built once for the class in a transaction rolled back after it; each test's own `db`
    transaction nests in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            handler = make_user(roles.FRONT_DESK)
            other = make_user(roles.FRONT_DESK)
            manager = make_user(roles.MANAGER)
            with acting_as(handler):
                resident = make_resident(actor=handler)
                dibao = _item(manager, DIBAO, f"最低生活保障申请书\n{DIBAO_MATERIAL}")
                residence = _item(manager, RESIDENCE, "房屋租赁合同")
                restricted = affair_services.affair_accept(
                    item=dibao, resident=resident, actor=handler, details=DIBAO_DETAILS,
                    received=["最低生活保障申请书"],
                )
                plain = affair_services.affair_accept(
                    item=residence, resident=resident, actor=other, details="子女入学",
                    received=["房屋租赁合同"],
                )
                today = timezone.localdate()
                illness = tracking_services.emergency_open(
                    resident=resident, kind="illness", occurred_on=today,
                    description=ILLNESS, actor=handler,
                )
                accident = tracking_services.emergency_open(
                    resident=resident, kind="accident",
                    occurred_on=today - datetime.timedelta(days=1), description=ACCIDENT,
                    actor=handler,
                )
            yield {
                "handler": handler, "other": other, "manager": manager, "resident": resident,
                "dibao": dibao, "restricted": restricted, "plain": plain, "illness": illness,
                "accident": accident,
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            assert not connection.in_atomic_block


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _hides_everything(text: str) -> None:
    for word in REVEALING:
        assert word not in text, word


@pytest.mark.django_db
class TestRestrictedDetails:
    # --- the case itself -----------------------------------------------------------------

    def test_another_front_desk_user_sees_only_that_the_case_exists(self, world):
        case = world["restricted"]
        page = _text(_client(world["other"]).get(reverse("casework:case_detail", args=[case.pk])))
        _hides_everything(page)
        assert case.number in page
        assert "受限" in page  # the neutral label
        # No step, print or checklist form is offered.
        assert reverse("casework:case_act", args=[case.pk]) not in page
        assert reverse("casework:affair_receipt_print", args=[case.pk]) not in page
        assert "material_receive" not in page and "/materials/" not in page

    def test_another_front_desk_user_cannot_act_on_it_by_a_crafted_request(self, world):
        case = world["restricted"]
        client = _client(world["other"])
        before = (Case.objects.get(pk=case.pk).status, case.steps.count())
        posts = {
            reverse("casework:case_act", args=[case.pk]): {
                "action": "initial_review", "step-initial_review-action": "initial_review",
            },
            reverse("casework:affair_receipt_print", args=[case.pk]): {},
            reverse("casework:affair_notice_print", args=[case.pk]): {},
            reverse("casework:case_feedback", args=[case.pk]): {"channel": "phone", "text": "x"},
        }
        for url, data in posts.items():
            response = client.post(url, data)
            assert response.status_code == 403, url
            _hides_everything(response.content.decode())
        assert (Case.objects.get(pk=case.pk).status, case.steps.count()) == before
        assert not CaseSlip.objects.filter(case=case).exists()

    def test_the_handler_and_a_manager_see_the_details(self, world):
        case = world["restricted"]
        for user in (world["handler"], world["manager"]):
            page = _text(_client(user).get(reverse("casework:case_detail", args=[case.pk])))
            for word in (DIBAO, DIBAO_DETAILS, DIBAO_MATERIAL):
                assert word in page, (user, word)
        # The handler's read is recorded as a read of comprehensive information.
        entry = LogEntry.objects.filter(
            actor=world["handler"], additional_data__purpose="case_detail",
        ).latest("pk")
        assert "sensitive" in entry.additional_data["field_groups"]

    def test_a_plain_affair_is_not_restricted(self, world):
        page = _text(
            _client(world["other"]).get(
                reverse("casework:case_detail", args=[world["plain"].pk])
            )
        )
        assert RESIDENCE in page and "子女入学" in page

    # --- lists and search ----------------------------------------------------------------

    def test_the_case_list_shows_a_neutral_label_to_another_front_desk_user(self, world):
        case = world["restricted"]
        client = _client(world["other"])
        page = _text(client.get(reverse("casework:case_list")))
        _hides_everything(page)
        assert case.number in page and RESIDENCE in page
        # Searching the words of the hidden subject finds nothing; the number finds the case.
        found = client.get(reverse("casework:case_list"), {"q": "低保"})
        assert [row["case"].pk for row in found.context["rows"]] == []
        by_number = client.get(reverse("casework:case_list"), {"q": case.number})
        assert [row["case"].pk for row in by_number.context["rows"]] == [case.pk]
        _hides_everything(by_number.content.decode())

    def test_the_handler_and_a_manager_find_it_by_its_subject(self, world):
        case = world["restricted"]
        for user in (world["handler"], world["manager"]):
            found = _client(user).get(reverse("casework:case_list"), {"q": "低保"})
            assert [row["case"].pk for row in found.context["rows"]] == [case.pk]
            assert DIBAO in found.content.decode()

    def test_the_open_cases_work_list_shows_the_neutral_label(self, world):
        page = _text(
            _client(world["other"]).get(reverse("casework:case_list"), {"due": "open"})
        )
        _hides_everything(page)
        assert world["restricted"].number in page

    # --- the resident's pages ------------------------------------------------------------

    def test_the_resident_timeline_hides_the_kind_and_the_illness(self, world):
        resident = world["resident"]
        url = reverse("residents:detail", args=[resident.pk])
        page = _text(_client(world["other"]).get(url))
        _hides_everything(page)
        assert world["restricted"].number in page
        assert ACCIDENT in page

        for user in (world["handler"], world["manager"]):
            page = _text(_client(user).get(url))
            assert DIBAO in page and ILLNESS in page, user

    def test_tracking_lists_leave_out_a_serious_illness_the_user_does_not_handle(self, world):
        resident = world["resident"]
        client = _client(world["other"])
        tracking = _text(client.get(reverse("residents:tracking", args=[resident.pk])))
        worklist = _text(client.get(reverse("residents:worklist_emergencies")))
        by_kind = _text(client.get(reverse("residents:worklist_emergencies"), {"kind": "illness"}))
        for page in (tracking, worklist, by_kind):
            _hides_everything(page)
            assert reverse("residents:emergency_detail", args=[world["illness"].pk]) not in page
        assert ACCIDENT in tracking and ACCIDENT[:10] in worklist
        detail = client.get(reverse("residents:emergency_detail", args=[world["illness"].pk]))
        assert detail.status_code == 404
        follow_up = client.post(
            reverse("residents:emergency_follow_up", args=[world["illness"].pk]),
            {"date": timezone.localdate().isoformat(), "note": "电话回访"},
        )
        assert follow_up.status_code == 404

    def test_the_recorder_and_a_manager_see_the_illness(self, world):
        illness = world["illness"]
        for user in (world["handler"], world["manager"]):
            client = _client(user)
            tracking = _text(client.get(reverse("residents:tracking", args=[illness.resident_id])))
            worklist = _text(client.get(reverse("residents:worklist_emergencies")))
            detail = _text(client.get(reverse("residents:emergency_detail", args=[illness.pk])))
            assert ILLNESS[:10] in tracking and ILLNESS[:10] in worklist and ILLNESS in detail

    # --- the trail -----------------------------------------------------------------------

    def test_the_trail_does_not_say_what_a_case_is_about(self, world):
        types = ContentType.objects.get_for_models(Case, CaseMaterial)
        entries = LogEntry.objects.filter(content_type__in=types.values()).exclude(
            action=LogEntry.Action.ACCESS
        )
        rows = display_entries(entries)
        assert rows
        text = " ".join(row.changes_text for row in rows)
        assert DIBAO not in text and DIBAO_MATERIAL not in text


@pytest.mark.django_db
def test_an_affair_named_after_a_status_is_always_restricted(manager):
    item = _item(manager, "特困人员救助供养申请", "申请书")
    assert item.reveals_status is True
    changed = catalogue_services.catalogue_item_change(
        item=item, name=item.name, legal_basis=item.legal_basis, materials=item.materials,
        procedure=item.procedure, time_limit_days=item.time_limit_days,
        needs_second_review=False, is_active=True, reveals_status=False, actor=manager,
    )
    assert changed.reveals_status is True
    other = _item(manager, "重度精神障碍患者监护补贴", "申请书")
    assert other.reveals_status is False  # not named after a status: the manager ticks it
    ticked = catalogue_services.catalogue_item_change(
        item=other, name=other.name, legal_basis=other.legal_basis, materials=other.materials,
        procedure=other.procedure, time_limit_days=other.time_limit_days,
        needs_second_review=False, is_active=True, reveals_status=True, actor=manager,
    )
    assert ticked.reveals_status is True
