"""Issue 16 item 7: the values a clerk typed into a change request are shown in full to that
clerk on a confirmation step before anything is saved; after submission the usual masks apply;
a POST that skips the step (or alters a value after it) is shown the step, never saved."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.change.forms import ChangeFieldsForm
from casework.models import Case
from residents.access.masking import mask_phone
from residents.access.policy import policy_for
from tests.casework.change.confirming import post_confirmed
from tests.factories import form_payload, make_resident

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
NEW_PHONE = "13998765432"


@pytest.fixture
def resident(front_desk):
    return make_resident(actor=front_desk, phone=PHONE)


def _payload(user, resident, **changes) -> dict:
    form = ChangeFieldsForm(policy=policy_for(user, resident), instance=resident)
    data = {name: "" if name in form.write_only else form[name].value() for name in form.fields}
    data.update(changes)
    data.setdefault("reason", "居民更换手机号码")
    data.setdefault("checked_documents", "居民身份证原件")
    data.setdefault("happened_on", timezone.localdate())
    return form_payload(data)


def _url(resident) -> str:
    return reverse("casework:change_open", args=[resident.pk])


def test_the_clerk_sees_the_new_phone_in_full_before_submitting_and_nothing_is_saved(
    front_desk_client, front_desk, resident
):
    response = front_desk_client.post(_url(resident), _payload(front_desk, resident,
                                                               phone=NEW_PHONE))
    assert response.status_code == 200
    text = response.content.decode()
    assert "提交前请核对变更" in text
    assert NEW_PHONE in text
    # The recorded phone keeps its mask even here.
    assert PHONE not in text
    assert not Case.objects.filter(resident=resident).exists()


def test_after_confirming_the_request_is_opened_and_the_new_phone_is_masked(
    front_desk_client, front_desk, resident
):
    response = post_confirmed(
        front_desk_client, _url(resident), _payload(front_desk, resident, phone=NEW_PHONE)
    )
    assert response.status_code == 302
    case = Case.objects.get(resident=resident)
    page = front_desk_client.get(reverse("casework:case_detail", args=[case.pk]))
    text = page.content.decode()
    assert NEW_PHONE not in text
    assert mask_phone(NEW_PHONE) in text


def test_a_post_that_skips_the_confirmation_is_shown_the_step_and_saves_nothing(
    front_desk_client, front_desk, resident
):
    crafted = {**_payload(front_desk, resident, phone=NEW_PHONE), "confirmed": "1"}
    response = front_desk_client.post(_url(resident), crafted)
    assert response.status_code == 200
    assert "confirmation" in response.context
    forged = {**crafted, "confirmation": "forged"}
    assert "confirmation" in front_desk_client.post(_url(resident), forged).context
    assert not Case.objects.filter(resident=resident).exists()


def test_a_value_altered_after_the_confirmation_step_is_shown_again(
    front_desk_client, front_desk, resident
):
    shown = front_desk_client.post(_url(resident), _payload(front_desk, resident,
                                                            phone=NEW_PHONE))
    data = {}
    for name, value in shown.context["hidden"]:
        data[name] = value
    data.update(confirmation=shown.context["confirmation"], confirmed="1", phone="13700000000")
    again = front_desk_client.post(_url(resident), data)
    assert again.status_code == 200
    assert "13700000000" in again.content.decode()
    assert not Case.objects.filter(resident=resident).exists()


def test_going_back_from_the_confirmation_step_keeps_the_typed_values(
    front_desk_client, front_desk, resident
):
    shown = front_desk_client.post(_url(resident), _payload(front_desk, resident,
                                                            phone=NEW_PHONE))
    data = {name: value for name, value in shown.context["hidden"]}
    back = front_desk_client.post(_url(resident), {**data, "edit": "1"})
    assert back.status_code == 200
    assert "fields_form" in back.context
    assert back.context["fields_form"]["phone"].value() == NEW_PHONE
    assert not Case.objects.filter(resident=resident).exists()
