"""Checks on what staff and residents type in (REG-8), with messages a clerk can act on."""

from __future__ import annotations

import datetime
import functools
import hmac
import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from residents.common.errors import ActionRefused

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# Archive numbers as typed or stored: JM-2026-000123 (REG-4).
ARCHIVE_NUMBER_RE = re.compile(r"^[A-Z]{1,5}-\d{4}-\d{1,6}$", re.IGNORECASE)
# The longest name a person may be registered with (the column of residents and contacts).
NAME_MAX_LENGTH = 50
NAME_TOO_LONG_MESSAGE = gettext_lazy("A name has at most %(limit_value)d characters.")
NOT_FUTURE_MESSAGE = gettext_lazy("This date cannot be in the future.")
INVISIBLE_CHARACTERS_MESSAGE = gettext_lazy(
    "Remove the invisible characters (direction marks, zero-width spaces or control "
    "characters) from this text."
)
# Line breaks and tabs are the only control characters a text may hold.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def is_invisible(char: str) -> bool:
    """A format character (Unicode Cf: direction overrides, zero-width spaces, BOM) or a
    control character other than a line break or tab."""
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in ALLOWED_CONTROLS)


def validate_visible_text(value: str) -> None:
    """Refuse text with invisible characters: they make a name or a complaint read otherwise
    than it is stored (U+202E reverses what follows) or two equal-looking names differ."""
    if isinstance(value, str) and any(is_invisible(char) for char in value):
        raise ValidationError(INVISIBLE_CHARACTERS_MESSAGE, code="invisible_characters")


def without_invisible(value: str) -> str:
    """The text without its invisible characters, for values that are read but never stored
    as typed (a search term)."""
    return "".join(char for char in value if not is_invisible(char))


def normalise_id_number(value: str) -> str:
    return ric.compact(value or "")


def typed_id_number(value: str) -> str:
    """An ID number as typed from a card: full-width characters folded to ASCII, every space
    dropped, a lowercase x made X."""
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(folded.split()).upper()


def id_numbers_match(typed: str, stored: str) -> bool:
    """Whether a number typed from a card is the stored one, compared in constant time: how
    long the comparison takes says nothing about how much of it matched."""
    return hmac.compare_digest(
        typed_id_number(typed).encode(), (stored or "").strip().upper().encode()
    )


def validate_id_number(value: str) -> str:
    """Return the compact ID number, or raise ValidationError with a Chinese-ready message."""
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d.") % {"count": len(number)},
            code="length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="format"
        )
    # python-stdnum's checks in its own order (check digit, birth date, area), with the area
    # looked up once per code and year: an import checks many numbers of few areas.
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit does not match: please compare the number with the ID card."),
            code="checksum",
        )
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.InvalidComponent as exc:
        raise ValidationError(
            _("The birth date inside the ID number is not a real date."), code="birth_date"
        ) from exc
    if not _area_code_possible(number[:6], birth.year):
        raise ValidationError(_("The first six digits are not a known area code."), code="area")
    validate_birth_date(birth, code_prefix="id_")
    return number


@functools.lru_cache(maxsize=65536)
def _area_code_possible(area: str, year: int) -> bool:
    """Is the area code known and not abolished before the birth year?

    python-stdnum also refuses a county created after the birth year, but numbers of people
    born before about 1990 were assigned at first registration, years after birth, with the
    code in use then: 440103 (listed from 1983) is right for someone born in 1950.
    """
    from stdnum import numdb

    county = ""
    for _part, props in numdb.get("cn/loc").info(area):
        county = props.get("county", county)
    for name in filter(None, county.split(",")):
        if not name.startswith("["):
            return True
        end = name[1:].split("]")[0].partition("-")[2]
        if not end or year <= int(end):
            return True
    return False


def validate_birth_date(value: datetime.date, *, code_prefix: str = "") -> None:
    if is_future(value):
        raise ValidationError(
            _("The date of birth cannot be in the future."), code=f"{code_prefix}future"
        )
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The date of birth cannot be before 1900."), code=f"{code_prefix}too_early"
        )


def is_future(day: datetime.date) -> bool:
    """Later than today where the centre is: the one rule behind every "not in the future"."""
    return day > timezone.localdate()


def validate_not_future(value: datetime.date) -> None:
    if value and is_future(value):
        raise ValidationError(NOT_FUTURE_MESSAGE, code="future")


def refuse_future(day: datetime.date, *, field: str | None) -> None:
    """The same rule in a service: the refusal names the form field that holds the date."""
    if is_future(day):
        raise ActionRefused(str(NOT_FUTURE_MESSAGE), field=field)


def gender_from_id_number(number: str) -> str:
    """The 17th digit is odd for men and even for women."""
    return "M" if int(number[16]) % 2 else "F"


def birth_date_from_id_number(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def normalise_phone(value: str) -> str:
    """Return a mainland mobile or landline number in national digits, or raise ValidationError."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a phone number, e.g. 13812345678 or 010-12345678."), code="phone"
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("This is not a valid phone number; check the digits."), code="phone"
        )
    if parsed.country_code != 86:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    groups = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).split()
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
        return "".join(groups)
    # Landlines keep the dash after the area code, as they are written on forms in China.
    return groups[0] + "-" + "".join(groups[1:])
