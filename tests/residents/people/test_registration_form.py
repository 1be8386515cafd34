"""REG-7, REG-8 at the window: bad input is refused next to its field, duplicates are caught."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import constants as message_levels
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape

from residents.common.id_numbers import make_id_number
from residents.models import Resident
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("residents:create")


def _post(client, data: dict, *, button: str = "submit", **extra):
    return client.post(CREATE_URL, {**form_payload(data), button: "1", **extra})


def _assert_refused_next_to(response, field: str) -> None:
    """200, the error is on the field, rendered in the page beside it, in Chinese by default."""
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert 'lang="zh-Hans"' in response.content.decode()
    form = response.context["form"]
    assert field in form.errors, form.errors
    page = response.content.decode()
    for message in form.errors[field]:
        # Rendered in the field's own error line (includes/field.html), not only in a summary.
        assert f'id="id_{field}_error" role="alert">{conditional_escape(message)}</p>' in page


def _with_other_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def test_bad_check_digit_is_refused_on_id_number_and_nothing_saved(front_desk_client):
    data = registration_data()
    data["id_number"] = _with_other_check_digit(data["id_number"])
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "id_number")
    assert Resident.objects.count() == 0


def test_birth_date_disagreeing_with_id_number_is_refused_and_nothing_saved(front_desk_client):
    data = registration_data()
    data["birth_date"] = data["birth_date"] + datetime.timedelta(days=1)
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "birth_date")
    assert Resident.objects.count() == 0


def test_gender_disagreeing_with_id_number_is_refused_and_nothing_saved(front_desk_client):
    data = registration_data(gender="M")
    data["gender"] = "F"
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "gender")
    assert Resident.objects.count() == 0


def test_blank_gender_and_birth_date_are_filled_from_the_id_number(front_desk_client):
    data = registration_data(gender="F", birth_date=datetime.date(1961, 4, 5))
    response = _post(front_desk_client, {**data, "gender": "", "birth_date": None})
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])
    assert resident.gender == "F"
    assert resident.birth_date == datetime.date(1961, 4, 5)


@pytest.mark.parametrize("field", ["hukou_moved_in_on", "living_since"])
def test_future_move_in_date_is_refused_and_nothing_saved(front_desk_client, field):
    data = registration_data(**{field: timezone.localdate() + datetime.timedelta(days=1)})
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, field)
    assert Resident.objects.count() == 0


def test_move_in_before_birth_is_refused_and_nothing_saved(front_desk_client):
    data = registration_data(birth_date=datetime.date(1980, 5, 1))
    data["hukou_moved_in_on"] = datetime.date(1979, 1, 1)
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "hukou_moved_in_on")
    assert Resident.objects.count() == 0


def test_id_number_with_future_birth_date_is_refused_and_nothing_saved(front_desk_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    number = make_id_number(area="110105", birth_date=tomorrow, sequence=11, gender="M")
    data = {**registration_data(), "id_number": number, "birth_date": None, "gender": ""}
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "id_number")
    assert Resident.objects.count() == 0


@pytest.mark.parametrize("phone", ["12345", "电话号码", "1381234567"])
def test_bad_phone_is_refused_and_nothing_saved(front_desk_client, phone):
    response = _post(front_desk_client, registration_data(phone=phone))
    _assert_refused_next_to(response, "phone")
    assert Resident.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "address", "hukou_location", "id_number"])
def test_missing_required_field_is_refused_and_nothing_saved(front_desk_client, field):
    response = _post(front_desk_client, registration_data(**{field: ""}))
    _assert_refused_next_to(response, field)
    assert Resident.objects.count() == 0


def test_whitespace_only_name_is_refused(front_desk_client):
    response = _post(front_desk_client, registration_data(name="   "))
    _assert_refused_next_to(response, "name")
    assert Resident.objects.count() == 0


# --- one person, one record ----------------------------------------------------------------


def test_second_registration_with_same_id_number_links_to_existing_record(front_desk_client):
    existing = make_resident()
    data = registration_data(
        id_number=existing.id_number, birth_date=existing.birth_date, gender=existing.gender
    )
    response = _post(front_desk_client, data)
    _assert_refused_next_to(response, "id_number")
    page = response.content.decode()
    assert f'href="{reverse("residents:detail", args=[existing.pk])}"' in page
    assert Resident.objects.count() == 1
    assert Resident.objects.get().name == existing.name


def test_same_id_number_typed_with_lowercase_x_is_still_a_duplicate(front_desk_client):
    birth = datetime.date(1985, 3, 7)
    number = next(
        n
        for n in (
            make_id_number(area="110105", birth_date=birth, sequence=s, gender="M")
            for s in range(1, 1000, 2)
        )
        if n.endswith("X")
    )
    existing = make_resident(id_number=number, birth_date=birth, gender="M")
    data = registration_data(id_number=number.lower(), birth_date=birth, gender="M")
    response = _post(front_desk_client, data)
    assert response.status_code == 200
    assert f'href="{reverse("residents:detail", args=[existing.pk])}"' in response.content.decode()
    assert Resident.objects.count() == 1


def _warning_messages(response) -> list[str]:
    return [
        str(message)
        for message in response.context["messages"]
        if message.level == message_levels.WARNING
    ]


def _assert_flagged_as_likely_duplicate(response, existing: Resident) -> None:
    assert response.status_code == 200
    assert _warning_messages(response)
    assert [row["resident"].pk for row in response.context["duplicates"]] == [existing.pk]
    page = response.content.decode()
    assert 'name="confirm_not_duplicate"' in page
    assert reverse("residents:detail", args=[existing.pk]) in page
    # The warning list is a list: the other person's ID number and phone are masked.
    assert existing.id_number not in page
    assert existing.phone not in page


def test_same_name_and_birth_date_is_flagged_and_not_saved(front_desk_client):
    existing = make_resident()
    data = registration_data(
        name=existing.name, birth_date=existing.birth_date, gender=existing.gender
    )
    assert data["id_number"] != existing.id_number
    response = _post(front_desk_client, data)
    _assert_flagged_as_likely_duplicate(response, existing)
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_same_phone_is_flagged_and_not_saved(front_desk_client):
    existing = make_resident(phone="13612345678")
    data = registration_data(phone="136 1234 5678")
    response = _post(front_desk_client, data)
    _assert_flagged_as_likely_duplicate(response, existing)
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_duplicate_warning_masks_the_other_record_for_a_manager_too(manager_client):
    existing = make_resident(phone="13612345678")
    data = registration_data(phone="+86 136-1234-5678")
    response = _post(manager_client, data)
    _assert_flagged_as_likely_duplicate(response, existing)
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_confirming_not_a_duplicate_saves_the_registration(front_desk_client):
    existing = make_resident()
    data = registration_data(
        name=existing.name, birth_date=existing.birth_date, gender=existing.gender,
        phone=existing.phone,
    )
    response = _post(front_desk_client, data, confirm_not_duplicate="on")
    created = Resident.objects.get(id_number=data["id_number"])
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[created.pk])
    assert Resident.objects.count() == 2


def test_different_person_is_saved_without_a_duplicate_warning(front_desk_client):
    make_resident()
    data = registration_data()
    response = _post(front_desk_client, data)
    assert response.status_code == 302
    assert Resident.objects.filter(id_number=data["id_number"]).exists()


# --- draft or submit -----------------------------------------------------------------------


@pytest.mark.parametrize(("button", "status"), [("draft", "draft"), ("submit", "submitted")])
def test_draft_and_submit_buttons_set_the_status(front_desk_client, button, status):
    data = registration_data()
    response = _post(front_desk_client, data, button=button)
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])
    assert resident.status == status
    assert (resident.submitted_at is not None) == (status == "submitted")


# --- editing a returned registration: sensitive fields are write-only for the front desk --


HUKOU = "河北省保定市涞水县永阳镇"


def test_edit_form_for_front_desk_never_contains_full_id_number_phone_or_hukou(
    front_desk_client,
):
    resident = make_resident(status="returned", phone="13712345678", hukou_location=HUKOU)
    response = front_desk_client.get(reverse("residents:edit", args=[resident.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert resident.id_number not in page
    assert resident.id_number.lower() not in page
    assert "13712345678" not in page
    assert HUKOU not in page
    # The date of birth is part of the ID number: write-only too (ACC-9).
    assert resident.birth_date.isoformat() not in page
    # Non-sensitive fields are prefilled as usual.
    assert escape(resident.address) in page


def test_blank_write_only_fields_keep_the_stored_values_on_edit(front_desk_client):
    resident = make_resident(status="returned", phone="13712345678", hukou_location=HUKOU)
    stored_birth = resident.birth_date
    # The date of birth is write-only for the front desk too (it is part of the ID number).
    data = registration_data(
        name=resident.name, gender=resident.gender, birth_date=resident.birth_date,
        id_number="", phone="", hukou_location="", address="东城区新地址1号",
    )
    data["birth_date"] = ""
    response = front_desk_client.post(
        reverse("residents:edit", args=[resident.pk]), {**form_payload(data), "draft": "1"}
    )
    assert response.status_code == 302, response.context["form"].errors
    resident.refresh_from_db()
    assert resident.address == "东城区新地址1号"
    assert resident.phone == "13712345678"
    assert resident.hukou_location == HUKOU
    assert len(resident.id_number) == 18
    assert resident.birth_date == stored_birth
    assert resident.status == "returned"


def test_retyped_write_only_id_number_is_still_validated_on_edit(front_desk_client):
    resident = make_resident(status="returned")
    stored = resident.id_number
    data = registration_data(
        name=resident.name, gender=resident.gender, birth_date=resident.birth_date,
        id_number=_with_other_check_digit(stored),
    )
    response = front_desk_client.post(
        reverse("residents:edit", args=[resident.pk]), {**form_payload(data), "draft": "1"}
    )
    _assert_refused_next_to(response, "id_number")
    resident.refresh_from_db()
    assert resident.id_number == stored
