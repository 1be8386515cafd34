"""Generating valid resident ID numbers (GB 11643) for demo data and tests."""

from __future__ import annotations

import datetime
import random
from functools import cache
from pathlib import Path

from stdnum.cn import ric


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
