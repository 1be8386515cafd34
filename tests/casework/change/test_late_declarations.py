"""REG-10: a change request records when the change happened (not in the future); one declared
after CHANGE_DECLARATION_DAYS is flagged on the case and counted on the work lists."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.change import services as change_services
from casework.change.forms import ChangeFieldsForm
from casework.engine import services
from casework.models import Case, ChangeDeclaration
from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.common.errors import ActionRefused
from residents.models import HukouMove
from tests.casework.change.confirming import post_confirmed
from tests.factories import colleague_of, form_payload, make_resident

pytestmark = pytest.mark.django_db

NEW_ADDRESS = "东城区安定门街道8号院3单元201"


def _post(client, user, resident, happened_on):
    form = ChangeFieldsForm(policy=policy_for(user, resident), instance=resident)
    data = {name: "" if name in form.write_only else form[name].value() for name in form.fields}
    data.update(address=NEW_ADDRESS, reason="居民搬家", checked_documents="居民身份证原件",
                happened_on=happened_on)
    return post_confirmed(
        client, reverse("casework:change_open", args=[resident.pk]), form_payload(data)
    )


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_change_declared_in_time_records_its_date_and_is_not_flagged(
    front_desk_client, front_desk
):
    resident = make_resident(actor=front_desk)
    response = _post(front_desk_client, front_desk, resident, _days_ago(10))
    assert response.status_code == 302
    declaration = ChangeDeclaration.objects.get(case__resident=resident)
    assert declaration.happened_on == _days_ago(10)
    assert not declaration.is_late
    page = front_desk_client.get(response["Location"]).content.decode()
    assert "late-declaration" not in page


def test_a_change_declared_past_the_limit_is_flagged_on_the_case_and_counted(
    front_desk_client, front_desk, settings
):
    settings.CHANGE_DECLARATION_DAYS = 30
    resident = make_resident(actor=front_desk)
    response = _post(front_desk_client, front_desk, resident, _days_ago(45))
    assert response.status_code == 302
    declaration = ChangeDeclaration.objects.get(case__resident=resident)
    assert declaration.is_late and declaration.limit_days == 30 and declaration.days_after == 45
    page = front_desk_client.get(response["Location"]).content.decode()
    assert "late-declaration" in page
    cards = front_desk_client.get(reverse("residents:worklists")).context["cards"]
    late = [card for card in cards if card.get("query") == "?due=open&late=1"]
    assert late and late[0]["count"] == 1
    listed = front_desk_client.get(reverse("casework:case_list") + "?due=open&late=1")
    assert declaration.case.number in listed.content.decode()


def test_the_limit_is_a_setting(front_desk, settings):
    settings.CHANGE_DECLARATION_DAYS = 60
    resident = make_resident(actor=front_desk)
    case = change_services.change_request_open(
        resident=resident, actor=front_desk, proposed={"address": NEW_ADDRESS},
        reason="居民搬家", documents="居民身份证原件", happened_on=_days_ago(45),
    )
    assert not case.change_declaration.is_late


def test_a_change_dated_in_the_future_is_refused_and_nothing_opened(
    front_desk_client, front_desk
):
    resident = make_resident(actor=front_desk)
    response = _post(front_desk_client, front_desk, resident, _days_ago(-3))
    assert response.status_code == 200
    assert response.context["reason_form"].errors["happened_on"]
    assert not Case.objects.filter(resident=resident).exists()


def test_a_request_without_the_date_of_the_change_is_refused(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk)
    response = _post(front_desk_client, front_desk, resident, "")
    assert response.status_code == 200
    assert response.context["reason_form"].errors["happened_on"]
    assert not Case.objects.filter(resident=resident).exists()


def test_service_refuses_a_future_date_and_opens_nothing(front_desk):
    resident = make_resident(actor=front_desk)
    with pytest.raises(ActionRefused) as refused:
        change_services.change_request_open(
            resident=resident, actor=front_desk, proposed={"address": NEW_ADDRESS},
            reason="居民搬家", documents="居民身份证原件", happened_on=_days_ago(-1),
        )
    assert refused.value.field == "happened_on"
    assert not Case.objects.filter(resident=resident).exists()


def test_an_approved_change_of_the_hukou_place_joins_the_history_dated_when_it_happened(
    front_desk, manager
):
    resident = make_resident(actor=front_desk, hukou_location="河北省保定市莲池区")
    case = change_services.change_request_open(
        resident=resident, actor=front_desk, proposed={"hukou_location": "北京市东城区"},
        reason="户口迁入本市", documents="户口簿", happened_on=_days_ago(20),
    )
    with acting_as(colleague_of(front_desk)):
        services.case_act(case=case, action="verify", actor=colleague_of(front_desk))
    with acting_as(manager):
        change_services.change_approve(case=case, actor=manager, reason="材料属实")
    move = HukouMove.objects.get(resident=resident)
    assert (move.from_place, move.to_place) == ("河北省保定市莲池区", "北京市东城区")
    assert move.moved_on == _days_ago(20)
