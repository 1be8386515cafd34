"""Issue 16 item 11: success messages say what happened, naming the item and the case."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from casework.engine import services
from casework.models import CaseKind
from residents import roles
from tests.factories import colleague_of, make_resident, make_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def change(desk):
    resident = make_resident(actor=desk)
    return services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=desk, time_limit_days=5,
        resident=resident, materials=(("户口簿", True),),
    )


def test_recording_a_material_names_the_material(desk, change):
    material = change.materials.get()
    response = _client(desk).post(
        reverse("casework:material_receive", args=[change.pk, material.pk])
    )
    assert _messages(response) == ["已登记材料：户口簿"]


def test_a_step_names_the_new_status_and_the_case_number(desk, change):
    material = change.materials.get()
    services.case_material_receive(case=change, material=material, actor=desk)
    colleague = colleague_of(desk)
    response = _client(colleague).post(
        reverse("casework:case_act", args=[change.pk]),
        {"action": "verify", "step-verify-action": "verify", "step-verify-reason": ""},
    )
    assert _messages(response) == [f"已审核：{change.number}"]


def test_verifying_a_registration_names_the_archive_number(desk):
    resident = make_resident(actor=desk, status="submitted")
    response = _client(colleague_of(desk)).post(reverse("residents:verify", args=[resident.pk]))
    resident.refresh_from_db()
    assert resident.archive_number
    assert _messages(response) == [f"已审核：档案编号 {resident.archive_number}。"]
