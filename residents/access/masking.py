"""How sensitive values look where the viewer may not see them in full."""

from __future__ import annotations

import datetime
import re

from residents.common.validation import ARCHIVE_NUMBER_RE

# A number inside a search term: digits, possibly grouped by spaces or dashes, an ID number's
# final X included.
_NUMBER_IN_TERM = re.compile(r"\d[\d\- ]*[\dXx]|\d")
# Shorter runs (a house number, 3号楼) are kept.
_MASKED_DIGITS = 4


# What a masked ID number keeps: the six-digit area code, which the address tells anyway.
_ID_KEPT = 6


def mask_id_number(value: str) -> str:
    """110101199003071234 → 110101************ (area code only).

    Whoever sees the mask also sees the sex and the birth year (`mask_birth_date`): that
    leaves about 365 days × 500 sequence numbers ≈ 182,500 possible numbers, and still more
    than 10,000 when other dates bound the birthday to three weeks. Keeping the check digit
    would divide this by 11 and the sequence digits by 10 each: too few.
    """
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:_ID_KEPT] + "*" * (len(value) - _ID_KEPT)


def year_only(value: datetime.date | None) -> str:
    """1990-03-07 → 1990-**-**."""
    if not value:
        return ""
    return f"{value:%Y}-**-**"


def mask_birth_date(value: datetime.date | None) -> str:
    """The birth year only, for those who may not see the ID number: with the full date, any
    mask of the ID number leaves at most 500 candidates."""
    return year_only(value)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def full_mask(value: str) -> str:
    """Audit-log mask: nothing of a sensitive value survives in the change history."""
    return "******" if value not in ("", "None") else value


def mask_search_term(term: str) -> str:
    """A search term as the audit log keeps it: every number in it masked, names kept.

    An 18-character number is masked as an ID number, any other of four digits or more as a
    phone (short ones wholly); an archive number names no person's data and is kept.
    """
    term = term.strip()
    if ARCHIVE_NUMBER_RE.match(term):
        return term

    def mask(match: re.Match) -> str:
        number = re.sub(r"[\s\-]", "", match.group()).upper()
        if sum(char.isdigit() for char in number) < _MASKED_DIGITS:
            return match.group()
        if len(number) == 18:
            return mask_id_number(number)
        return mask_phone(number)

    return _NUMBER_IN_TERM.sub(mask, term)


def mask_name(value: str) -> str:
    """A name as published and notified (PUB-2, AFF-8): the surname only, 张三 → 张*."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)
