"""ACC-9: a user who sees only the birth year cannot learn the day from a form's answers.

Correcting a registration or opening a change request, the front desk types values that are
checked against the recorded date of birth. Every answer must be the same whatever the hidden
day is: otherwise a few tries would tell it (and with it all but 500 ID numbers).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from casework.change.forms import ChangeFieldsForm
from casework.models import Case
from residents.access.policy import policy_for
from residents.common.id_numbers import make_id_number
from residents.people.forms import RegistrationForm
from tests.factories import form_payload, make_resident

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 6, 15)


def _shown_form(user, resident, form_class) -> dict:
    """What the browser posts: the form as shown (write-only fields empty)."""
    kwargs = {"policy": policy_for(user, resident), "instance": resident}
    form = form_class(**kwargs)
    return {name: "" if name in form.write_only else form[name].value() for name in form.fields}


def _edit(client, user, resident, **changes):
    data = {**_shown_form(user, resident, RegistrationForm), **changes}
    data.pop("confirm_not_duplicate", None)
    return client.post(
        reverse("residents:edit", args=[resident.pk]), {**form_payload(data), "draft": "1"}
    )


def _errors(response, field: str) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def returned(front_desk):
    return make_resident(actor=front_desk, status="returned", birth_date=BORN, gender="F")


def test_a_typed_birth_date_gets_one_answer_whether_right_or_wrong(
    front_desk_client, front_desk, returned
):
    right = _errors(_edit(front_desk_client, front_desk, returned, birth_date=BORN), "birth_date")
    wrong = _errors(
        _edit(front_desk_client, front_desk, returned, birth_date=datetime.date(1990, 6, 16)),
        "birth_date",
    )
    assert right and right == wrong
    assert BORN.isoformat() not in right[0]
    returned.refresh_from_db()
    assert returned.birth_date == BORN


def test_the_birth_date_follows_an_id_number_typed_again(front_desk_client, front_desk, returned):
    corrected = make_id_number(
        area=returned.id_number[:6], birth_date=datetime.date(1990, 7, 1), sequence=124,
        gender="F",
    )
    response = _edit(front_desk_client, front_desk, returned, id_number=corrected)
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.id_number == corrected
    assert returned.birth_date == datetime.date(1990, 7, 1)


@pytest.mark.parametrize("field", ["living_since", "hukou_moved_in_on"])
def test_a_date_in_the_birth_year_gets_one_answer_before_and_after_the_birthday(
    front_desk_client, front_desk, returned, field
):
    before = _errors(
        _edit(front_desk_client, front_desk, returned, **{field: datetime.date(1990, 3, 1)}),
        field,
    )
    after = _errors(
        _edit(front_desk_client, front_desk, returned, **{field: datetime.date(1990, 9, 1)}),
        field,
    )
    assert before and before == after
    earlier_year = _edit(
        front_desk_client, front_desk, returned, **{field: datetime.date(1989, 12, 31)}
    )
    assert _errors(earlier_year, field)
    later_year = _edit(
        front_desk_client, front_desk, returned, **{field: datetime.date(1991, 1, 2)}
    )
    assert later_year.status_code == 302
    returned.refresh_from_db()
    assert getattr(returned, field) == datetime.date(1991, 1, 2)


def test_a_manager_is_told_against_the_full_date(manager_client, manager, returned):
    response = _edit(
        manager_client, manager, returned, living_since=datetime.date(1990, 3, 1)
    )
    assert _errors(response, "living_since") == ["该日期不能早于出生日期。"]


def test_living_here_since_the_day_of_birth_is_shown_as_the_year(front_desk_client, front_desk):
    born = datetime.date(2015, 8, 20)
    child = make_resident(
        actor=front_desk, status="returned", birth_date=born, living_since=born, gender="M"
    )
    for name in ("residents:detail", "residents:edit"):
        page = front_desk_client.get(reverse(name, args=[child.pk])).content.decode()
        assert born.isoformat() not in page
        assert "2015-**-**" in page
    # Left blank on the edit form, the recorded date is kept.
    assert _edit(front_desk_client, front_desk, child, address="东城区新址2号").status_code == 302
    child.refresh_from_db()
    assert child.living_since == born


def test_a_change_request_answers_alike_for_the_recorded_date_and_another(
    front_desk_client, front_desk
):
    born = datetime.date(2015, 8, 20)
    child = make_resident(actor=front_desk, birth_date=born, living_since=born, gender="M")
    url = reverse("casework:change_open", args=[child.pk])
    answers = []
    for typed in (born, datetime.date(2015, 8, 21)):
        data = {
            **_shown_form(front_desk, child, ChangeFieldsForm), "living_since": typed,
            "reason": "居民申请更正", "checked_documents": "居民身份证原件",
            "happened_on": "2020-01-01",
        }
        response = front_desk_client.post(url, form_payload(data))
        assert response.status_code == 200
        answers.append(response.context["fields_form"].errors.get("living_since"))
    assert answers[0] and answers[0] == answers[1]
    assert not Case.objects.filter(resident=child).exists()
