"""Issue 16 item 6: a second print of the same slip is possible with its reason recorded on
the print record and in the audit log; the page shows the new print record and its signing
form (the browser test covers the page updating without a reload)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.models import CaseSlip, CaseSlipKind
from residents import roles
from residents.models import Slip
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

MATERIALS = ["户口簿原件及复印件", "居民身份证原件及复印件"]


@pytest.fixture
def desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def desk_client(desk):
    client = Client()
    client.force_login(desk)
    return client


@pytest.fixture
def waiting_affair(desk):
    manager = make_user(roles.MANAGER)
    item = catalogue_services.catalogue_item_add(
        name="老年人优待证办理", legal_basis="《老年人权益保障法》", materials="\n".join(MATERIALS),
        procedure="窗口受理", time_limit_days=3, needs_second_review=False, actor=manager,
    )
    resident = make_resident(actor=desk)
    return affair_services.affair_accept(
        item=item, resident=resident, actor=desk, received=MATERIALS[:1]
    )


def _print_notice(client, case, **data):
    return client.post(reverse("casework:affair_notice_print", args=[case.pk]), data)


def test_printing_a_slip_again_asks_for_the_reason_and_records_nothing_without_it(
    desk_client, waiting_affair
):
    first = _print_notice(desk_client, waiting_affair)
    assert first["Content-Type"] == "application/pdf"
    page = desk_client.get(reverse("casework:case_detail", args=[waiting_affair.pk]))
    assert "再次打印的原因" in page.content.decode()
    refused = _print_notice(desk_client, waiting_affair)
    assert refused.status_code == 200
    assert "此回执已打印过：请说明再次打印的原因。" in refused.content.decode()
    assert CaseSlip.objects.filter(case=waiting_affair).count() == 1


def test_a_reprint_keeps_its_reason_on_the_print_record_in_the_audit_log_and_on_the_page(
    desk_client, waiting_affair
):
    _print_notice(desk_client, waiting_affair)
    again = _print_notice(desk_client, waiting_affair, reprint_reason="打印机卡纸")
    assert again["Content-Type"] == "application/pdf"
    slips = CaseSlip.objects.filter(case=waiting_affair, kind=CaseSlipKind.ONE_TIME_NOTICE)
    assert sorted(slips.values_list("reprint_reason", flat=True)) == ["", "打印机卡纸"]
    reprint = slips.get(reprint_reason="打印机卡纸")
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(CaseSlip), object_pk=str(reprint.pk),
        action=LogEntry.Action.CREATE,
    )
    assert "打印机卡纸" in str(entry.changes)
    page = desk_client.get(reverse("casework:case_detail", args=[waiting_affair.pk]))
    text = page.content.decode()
    assert "再次打印：打印机卡纸" in text
    assert reprint.verification_code in text


def test_a_registration_slip_is_printed_again_only_with_a_reason(desk, desk_client):
    resident = make_resident(actor=desk)
    url = reverse("residents:slip_print", args=[resident.pk])
    assert desk_client.post(url)["Content-Type"] == "application/pdf"
    refused = desk_client.post(url, follow=True)
    assert "此回执已打印过：请说明再次打印的原因。" in refused.content.decode()
    assert Slip.objects.filter(resident=resident).count() == 1
    again = desk_client.post(url, {"reprint_reason": "居民遗失回执"})
    assert again["Content-Type"] == "application/pdf"
    assert Slip.objects.get(resident=resident, reprint_reason="居民遗失回执")
    page = desk_client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert "再次打印：居民遗失回执" in page


def test_the_resident_page_signing_form_defaults_to_today(desk, desk_client):
    resident = make_resident(actor=desk)
    desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    page = desk_client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert f'name="signed_on" value="{timezone.localdate():%Y-%m-%d}"' in page
