"""Residents report a change in their own situation online (TRK-5): consent, rate limit,
identity matched on the server without revealing anything, and staff confirm it as online
feedback — the record itself never changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from residents.models import (
    ContactKind,
    ContactRecord,
    Notification,
    Resident,
    SelfReport,
    SelfReportStatus,
)
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _post(client, resident=None, **overrides):
    data = {
        "id_number": resident.id_number if resident else "110101199003077777",
        "phone": resident.phone if resident else "13900000000",
        "aspect": "economic",
        "text": "本人已于上月重新就业，月收入约四千元",
        "consent": "on",
        **overrides,
    }
    return client.post(reverse("self_report"), data, REMOTE_ADDR="198.51.100.21")


def _staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_matching_report_reaches_staff_without_changing_the_record(front_desk):
    resident = make_resident(actor=front_desk)
    before = Resident.objects.filter(pk=resident.pk).values().get()
    response = _post(Client(), resident)
    assert response.status_code == 302
    assert response["Location"] == reverse("self_report_done")
    report = SelfReport.objects.get()
    assert (report.resident, report.status) == (resident, SelfReportStatus.PENDING)
    assert Resident.objects.filter(pk=resident.pk).values().get() == before
    note = Notification.objects.get(recipient=front_desk)
    assert resident.name not in note.text and "就业" not in note.text


def test_the_answer_is_the_same_whether_or_not_the_identity_matched(front_desk):
    resident = make_resident(actor=front_desk)
    matched = _post(Client(), resident)
    wrong_phone = _post(Client(), resident, phone="13700000000")
    unknown = _post(Client())
    assert matched.status_code == wrong_phone.status_code == unknown.status_code == 302
    assert matched["Location"] == wrong_phone["Location"] == unknown["Location"]
    assert SelfReport.objects.count() == 1
    done = Client().get(reverse("self_report_done")).content.decode()
    assert resident.name not in done


def test_without_consent_nothing_is_kept_and_the_box_says_why(front_desk):
    resident = make_resident(actor=front_desk)
    response = _post(Client(), resident, consent="")
    assert response.status_code == 200
    assert "同意" in response.content.decode()
    assert not SelfReport.objects.exists()


def test_reports_from_one_address_are_rate_limited(front_desk, settings):
    settings.PUBLIC_FORM_LIMIT = 2
    resident = make_resident(actor=front_desk)
    client = Client()
    assert _post(client, resident).status_code == 302
    assert _post(client, resident).status_code == 302
    assert _post(client, resident).status_code == 429
    assert SelfReport.objects.count() == 2


def test_staff_confirm_a_report_as_online_feedback(front_desk):
    resident = make_resident(actor=front_desk)
    _post(Client(), resident)
    report = SelfReport.objects.get()
    client = _staff(front_desk)
    listed = client.get(reverse("residents:self_report_list")).content.decode()
    assert "重新就业" in listed
    response = client.post(
        reverse("residents:self_report_confirm", args=[report.pk]),
        {f"report-{report.pk}-note": "电话核实属实，另开变更申请"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == SelfReportStatus.CONFIRMED
    record = ContactRecord.objects.get(pk=report.contact_record_id)
    assert (record.kind, record.staff, record.resident) == (
        ContactKind.ONLINE, front_desk, resident
    )
    # Handled once: a second confirmation is refused.
    again = client.post(reverse("residents:self_report_confirm", args=[report.pk]), {})
    assert again.status_code == 200
    assert ContactRecord.objects.filter(kind=ContactKind.ONLINE).count() == 1


def test_dismissing_needs_a_reason(front_desk):
    resident = make_resident(actor=front_desk)
    _post(Client(), resident)
    report = SelfReport.objects.get()
    client = _staff(front_desk)
    refused = client.post(reverse("residents:self_report_dismiss", args=[report.pk]), {})
    assert refused.status_code == 200
    assert SelfReport.objects.get().status == SelfReportStatus.PENDING
    client.post(
        reverse("residents:self_report_dismiss", args=[report.pk]),
        {f"report-{report.pk}-note": "与本人核实并无变化"},
    )
    assert SelfReport.objects.get().status == SelfReportStatus.DISMISSED


def test_a_crafted_confirmation_by_staff_without_the_permission_is_refused(front_desk, auditor):
    resident = make_resident(actor=front_desk)
    _post(Client(), resident)
    report = SelfReport.objects.get()
    response = _staff(auditor).post(
        reverse("residents:self_report_confirm", args=[report.pk]),
        {f"report-{report.pk}-note": "x"},
    )
    assert response.status_code == 403
    assert SelfReport.objects.get().status == SelfReportStatus.PENDING
