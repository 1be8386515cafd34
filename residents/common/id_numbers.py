"""The one home of ID number rules: what a number typed at the window is, and whether it holds.

Four kinds of 18-character number share the layout and check digit of GB 11643 (six-character
prefix, birth date, sequence whose last digit is odd for men, check digit):

- the resident identity card of the mainland: the prefix is a county code;
- the residence permit of Hong Kong (810000), Macao (820000) and Taiwan (830000) residents;
- the foreigners' permanent residence ID card of 2023: 9, a two-digit province code of the
  issuing office, a three-digit nationality code.

Validation gives the compact number and the kind of document it belongs to, recorded with the
resident. Also generators of valid numbers for demo data and tests.
"""

from __future__ import annotations

import datetime
import functools
import random
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric

# Document kinds an ID number belongs to (the values of residents.models.IdentityDocument).
ID_CARD = "id_card"
HMT_PERMIT = "hmt_permit"
FOREIGN_PR_CARD = "foreign_pr_card"

ID_NUMBER_LENGTH = 18
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# Residence permits of Hong Kong, Macao and Taiwan residents carry these in place of a county.
HMT_PREFIXES = frozenset({"810000", "820000", "830000"})
FOREIGN_PR_PREFIX = "9"
# Province-level codes (GB/T 2260) of the offices that issue permanent residence ID cards.
PROVINCE_CODES = frozenset(
    str(code)
    for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
                 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65)
)


@dataclass(frozen=True)
class IdNumber:
    number: str
    document: str  # ID_CARD, HMT_PERMIT or FOREIGN_PR_CARD

    @property
    def birth_date(self) -> datetime.date:
        return birth_date_of(self.number)

    @property
    def gender(self) -> str:
        return gender_of(self.number)


def typed_id_number(value: str) -> str:
    """An ID number as typed or pasted from a card: full-width characters folded to ASCII,
    every space (also the ideographic one and a non-breaking one) dropped, a lowercase x made X.
    """
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(folded.split()).upper()


def document_of(number: str) -> str:
    """Which document a (compact) number belongs to, read from its prefix."""
    if number[:6] in HMT_PREFIXES:
        return HMT_PERMIT
    if number.startswith(FOREIGN_PR_PREFIX):
        return FOREIGN_PR_CARD
    return ID_CARD


def birth_date_of(number: str) -> datetime.date:
    """Characters 7–14 of every kind are the birth date (raises ValueError when not a date)."""
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_of(number: str) -> str:
    """The 17th digit is odd for men and even for women, on every kind."""
    return "M" if int(number[16]) % 2 else "F"


def check_digit(body: str) -> str:
    """The GB 11643 check digit of the first 17 digits."""
    return ric.calc_check_digit(body[:17] + "0")


def validate(value: str) -> IdNumber:
    """The compact number and its document, or ValidationError with a message for the clerk."""
    number = typed_id_number(value)
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d.") % {"count": len(number)},
            code="length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="format"
        )
    document = document_of(number)
    if check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit does not match: please compare the number with the ID card."),
            code="checksum",
        )
    try:
        birth = birth_date_of(number)
    except ValueError as exc:
        raise ValidationError(
            _("The birth date inside the ID number is not a real date."), code="birth_date"
        ) from exc
    if document == FOREIGN_PR_CARD:
        if number[1:3] not in PROVINCE_CODES:
            raise ValidationError(
                _("In a permanent residence ID card number the 2nd and 3rd digits are the "
                  "code of the issuing province; %(code)s is not one.") % {"code": number[1:3]},
                code="area",
            )
    elif document == ID_CARD and not _area_code_possible(number):
        raise ValidationError(
            _("The first six digits are not a known area code."), code="area"
        )
    validate_birth_date(birth, code_prefix="id_")
    return IdNumber(number=number, document=document)


def validate_birth_date(value: datetime.date, *, code_prefix: str = "") -> None:
    if value > timezone.localdate():
        raise ValidationError(
            _("The date of birth cannot be in the future."), code=f"{code_prefix}future"
        )
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The date of birth cannot be before 1900."), code=f"{code_prefix}too_early"
        )


def _area_code_possible(number: str) -> bool:
    return _area_possible(number[:6], birth_date_of(number).year)


@functools.lru_cache(maxsize=65536)
def _area_possible(area: str, year: int) -> bool:
    """Is the area code known and not abolished before the birth year? Looked up once per code
    and year: an import checks many numbers of few areas.

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


@cache
def county_codes() -> tuple[str, ...]:
    """Six-digit county codes in use today, read from python-stdnum's own area-code table."""
    import stdnum

    table = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    codes = []
    province = ""
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, _, rest = line.strip().partition(" ")
        name = rest.split('"')[1] if '"' in rest else ""
        # Skip abolished counties ("[-2010]…") and the province/city rows ending in 00.
        if name.startswith("[") and not name.startswith("[1") or code.endswith("00"):
            continue
        if "-]" not in name and name.startswith("["):
            continue
        codes.append(province + code)
    return tuple(codes)


def make_id_number(
    *, area: str, birth_date: datetime.date, sequence: int, gender: str
) -> str:
    """Build an ID number: area(6) birth(8) sequence(3, odd for men) check digit."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (gender == "M"):
        seq = (seq + 1) % 1000
    body = f"{area}{birth_date:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def random_id_number(
    rng: random.Random, *, birth_date: datetime.date, gender: str
) -> str:
    while True:
        number = make_id_number(
            area=rng.choice(county_codes()),
            birth_date=birth_date,
            sequence=rng.randrange(1000),
            gender=gender,
        )
        if ric.is_valid(number):
            return number


def make_permit_number(
    *, region: str, birth_date: datetime.date, sequence: int, gender: str
) -> str:
    """A residence permit number of a Hong Kong ("81"), Macao ("82") or Taiwan ("83") resident."""
    return make_id_number(
        area=f"{region}0000", birth_date=birth_date, sequence=sequence, gender=gender
    )


def make_permanent_residence_number(
    *, province: str, nationality: str, birth_date: datetime.date, sequence: int, gender: str
) -> str:
    """A foreigners' permanent residence ID card number (2023 layout)."""
    return make_id_number(
        area=f"9{province}{nationality}", birth_date=birth_date, sequence=sequence, gender=gender
    )
