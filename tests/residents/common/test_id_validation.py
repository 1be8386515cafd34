"""REG-8: ID numbers (GB 11643 via python-stdnum plus our range checks) and phone numbers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from residents.common.id_numbers import county_codes, make_id_number
from residents.common.validation import (
    birth_date_from_id_number,
    gender_from_id_number,
    normalise_phone,
    validate_birth_date,
    validate_id_number,
)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

FUTURE_MESSAGE = "The date of birth cannot be in the future."
TOO_EARLY_MESSAGE = "The date of birth cannot be before 1900."


@st.composite
def id_parts(draw, *, earliest=datetime.date(1900, 1, 1), latest=None):
    latest = latest or timezone.localdate()
    return {
        "area": draw(st.sampled_from(county_codes())),
        "birth_date": draw(st.dates(min_value=earliest, max_value=latest)),
        "sequence": draw(st.integers(min_value=0, max_value=999)),
        "gender": draw(st.sampled_from(["M", "F"])),
    }


def _rejection(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)
    return caught.value


def _number_ending_in_x() -> str:
    for sequence in range(1000):
        number = make_id_number(
            area="110105", birth_date=datetime.date(1985, 3, 7), sequence=sequence, gender="M"
        )
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives an X check digit")  # pragma: no cover


# --- valid numbers -------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(id_parts())
def test_valid_id_number_is_accepted_and_gives_gender_and_birth_date(parts):
    number = make_id_number(**parts)
    assert validate_id_number(number) == number
    assert birth_date_from_id_number(number) == parts["birth_date"]
    assert gender_from_id_number(number) == parts["gender"]


@PROPERTY_SETTINGS
@given(id_parts(latest=datetime.date(1982, 12, 31)))
def test_id_number_of_person_born_before_their_county_code_existed_is_accepted(parts):
    # Numbers were assigned at first registration, so an elderly resident of a county created
    # in 1983 or later carries that county's code with a birth date before it existed.
    number = make_id_number(**parts)
    assert validate_id_number(number) == number


def test_id_number_with_county_created_after_birth_is_accepted_example():
    # 440103 广州市荔湾区 appears in the code table only from 1983.
    number = make_id_number(
        area="440103", birth_date=datetime.date(1950, 6, 1), sequence=123, gender="M"
    )
    assert validate_id_number(number) == number


def test_id_number_with_code_abolished_before_birth_is_rejected():
    # 110103 崇文区 was abolished in 2010: nobody born after that can carry it.
    number = make_id_number(
        area="110103", birth_date=datetime.date(2015, 6, 1), sequence=123, gender="F"
    )
    assert _rejection(number).code == "area"


def test_id_number_with_unknown_area_code_is_rejected():
    number = make_id_number(
        area="999999", birth_date=datetime.date(1990, 6, 1), sequence=123, gender="F"
    )
    assert _rejection(number).code == "area"


def test_lowercase_x_check_digit_is_accepted_as_uppercase():
    number = _number_ending_in_x()
    assert validate_id_number(number[:-1] + "x") == number


@PROPERTY_SETTINGS
@given(id_parts())
def test_lowercase_input_and_surrounding_spaces_normalise_to_the_same_number(parts):
    number = make_id_number(**parts)
    assert validate_id_number(f"  {number.lower()} ") == number


def test_gender_comes_from_the_seventeenth_digit():
    birth = datetime.date(1990, 3, 7)
    odd = make_id_number(area="110105", birth_date=birth, sequence=123, gender="M")
    even = make_id_number(area="110105", birth_date=birth, sequence=124, gender="F")
    assert int(odd[16]) % 2 == 1
    assert int(even[16]) % 2 == 0
    assert gender_from_id_number(odd) == "M"
    assert gender_from_id_number(even) == "F"


# --- corrupted numbers ---------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(id_parts(), st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_changing_any_one_of_the_first_17_digits_is_rejected(parts, position, shift):
    number = make_id_number(**parts)
    digit = str((int(number[position]) + shift) % 10)
    corrupted = number[:position] + digit + number[position + 1:]
    assert corrupted != number
    assert _rejection(corrupted).code == "checksum"


@PROPERTY_SETTINGS
@given(id_parts(), st.sampled_from("0123456789X"))
def test_wrong_check_digit_is_rejected(parts, check_digit):
    number = make_id_number(**parts)
    if number[-1] == check_digit:
        check_digit = "0" if check_digit == "X" else "X"
    assert _rejection(number[:-1] + check_digit).code == "checksum"


# --- birth date range ----------------------------------------------------------------------


def test_id_number_with_future_birth_date_is_rejected_with_future_message():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    number = make_id_number(area="110105", birth_date=tomorrow, sequence=123, gender="M")
    assert ric.is_valid(number)  # python-stdnum alone would accept it
    error = _rejection(number)
    assert error.code == "id_future"
    assert error.messages == [_(FUTURE_MESSAGE)]


@PROPERTY_SETTINGS
@given(st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(1899, 12, 31)))
def test_id_number_with_birth_date_before_1900_is_rejected_with_too_early_message(birth):
    number = make_id_number(area="110105", birth_date=birth, sequence=123, gender="F")
    error = _rejection(number)
    assert error.code == "id_too_early"
    assert error.messages == [_(TOO_EARLY_MESSAGE)]


def test_birth_date_field_rejects_future_and_pre_1900_dates():
    with pytest.raises(ValidationError) as future:
        validate_birth_date(timezone.localdate() + datetime.timedelta(days=1))
    assert future.value.messages == [_(FUTURE_MESSAGE)]
    with pytest.raises(ValidationError) as early:
        validate_birth_date(datetime.date(1899, 12, 31))
    assert early.value.messages == [_(TOO_EARLY_MESSAGE)]
    validate_birth_date(datetime.date(1900, 1, 1))
    validate_birth_date(timezone.localdate())


def test_id_number_with_impossible_birth_date_is_rejected():
    body = "110105" + "19900230" + "123"  # 30 February
    number = body + ric.calc_check_digit(body + "0")
    assert _rejection(number).code == "birth_date"


# --- length and format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "11010519900307123", "1101051990030712345", "110105900307123"],
    ids=["empty", "17-chars", "19-chars", "old-15-digit"],
)
def test_id_number_of_wrong_length_is_rejected(value):
    assert _rejection(value).code == "length"


@pytest.mark.parametrize(
    "value",
    ["11010519900307123Y", "1101051990030712X4", "A10105199003071234"],
    ids=["letter-check", "x-inside", "leading-letter"],
)
def test_id_number_with_letters_inside_is_rejected(value):
    assert _rejection(value).code == "format"


# --- phones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("(010) 1234 5678", "010-12345678"),
        ("+86 10 1234 5678", "010-12345678"),
        ("0755-12345678", "0755-12345678"),
        ("021 6234 5678", "021-62345678"),
        ("+1 650 253 0000", "+16502530000"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["abc", "电话", "12345", "1381234567", "138123456789", "23812345678", "12345678"],
    ids=["letters", "chinese", "too-short", "mobile-10", "mobile-12", "bad-prefix", "no-area"],
)
def test_garbage_phone_numbers_are_rejected(raw):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert caught.value.code == "phone"
