"""The resident list's filter counts from the counts table, without scanning the residents.

residents_residentcount (residents.models.ResidentCount) holds, per registration status, how
many residents have each registration type, floating flag, area and birth month; triggers keep
it exact in every writing transaction (migration 0040). Age groups move with every birthday,
so they are not stored: a group is the residents born between two boundary days, and

    born on or before day d  =  the months before d's month (from the table)
                              + those born from the 1st of d's month to d (from the residents,
                                a range of the birth-date index: about one month in 1,100)

Used for lists that show every resident the user may see (no search term); a search narrows
the set to a few thousand rows at most, counted directly (residents.people.filters).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection

from residents.models import HukouType, RegistrationStatus
from residents.people.classification import AgeGroup, _birthday_years_ago

AREA_CHOICES_SHOWN = 30


def _boundaries(day: datetime.date, *, year_only: bool) -> dict[str, datetime.date]:
    """The last birth day of each age bound (0, youth, middle, elderly) on `day`."""
    youth, middle, elderly = settings.AGE_GROUP_BOUNDS
    ages = {"0": 0, "youth": youth, "middle": middle, "elderly": elderly}
    if year_only:
        # The age reached in the calendar year: bounds fall on 31 December.
        return {key: datetime.date(day.year - age, 12, 31) for key, age in ages.items()}
    return {key: _birthday_years_ago(day, age) for key, age in ages.items()}


def _born_by(boundaries: dict[str, datetime.date], statuses: list[str]) -> dict[str, int]:
    """How many residents (of `statuses`) were born on or before each boundary day."""
    keys = list(boundaries)
    month_sums = ", ".join(
        "coalesce(sum(residents) FILTER (WHERE value < %s), 0)::bigint" for _ in keys
    )
    # One range of the (birth_date, status) index per boundary: each is read from the index
    # alone, where one bitmap over all the ranges fetched every row from the table.
    day_counts = ", ".join(
        "(SELECT count(*) FROM residents_resident "
        "WHERE status = ANY(%s) AND birth_date BETWEEN %s AND %s)"
        for _ in keys
    )
    month_params = [f"{boundaries[key]:%Y-%m}" for key in keys]
    day_params = []
    for key in keys:
        day_params += [statuses, boundaries[key].replace(day=1), boundaries[key]]
    # One statement: the month sums (counts table) beside the day counts (residents).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM (SELECT {month_sums} FROM residents_residentcount "
            "WHERE facet = 'birth_month' AND status = ANY(%s)) AS months, "
            f"(SELECT {day_counts}) AS days",
            [*month_params, statuses, *day_params],
        )
        row = cursor.fetchone()
    months, days = row[: len(keys)], row[len(keys) :]
    return {key: months[i] + days[i] for i, key in enumerate(keys)}


def age_group_counts(
    *, statuses: list[str], day: datetime.date, year_only: bool
) -> dict[str, int]:
    born = _born_by(_boundaries(day, year_only=year_only), statuses)
    return {
        AgeGroup.MINOR.value: born["0"] - born["youth"],
        AgeGroup.YOUTH.value: born["youth"] - born["middle"],
        AgeGroup.MIDDLE_AGED.value: born["middle"] - born["elderly"],
        AgeGroup.ELDERLY.value: born["elderly"],
    }


def table_counts(*, status: str, day: datetime.date, year_only: bool) -> dict[str, dict[str, int]]:
    """Counts per filter choice over all residents (of `status`, when given): the age groups,
    registration types, floating flags, and the AREA_CHOICES_SHOWN most frequent areas."""
    statuses = [status] if status else list(RegistrationStatus.values)
    counts: dict[str, dict[str, int]] = {
        "hukou_type": {value: 0 for value in HukouType.values},
        "floating": {"yes": 0, "no": 0},
    }
    areas: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT facet, value, sum(residents) FROM residents_residentcount "
            "WHERE facet IN ('hukou_type', 'floating', 'area') AND status = ANY(%s) "
            "GROUP BY facet, value",
            [statuses],
        )
        for facet, value, number in cursor.fetchall():
            if facet == "area":
                if value and number > 0:
                    areas[value] = int(number)
            elif value in counts[facet]:
                counts[facet][value] = int(number)
    # Most frequent first, then by value in code-point order (the C collation's order).
    shown = sorted(areas.items(), key=lambda item: (-item[1], item[0]))[:AREA_CHOICES_SHOWN]
    counts["area"] = dict(shown)
    counts["age_group"] = age_group_counts(statuses=statuses, day=day, year_only=year_only)
    return counts


def total(counts: dict[str, dict[str, int]]) -> int:
    """All residents counted: everybody has exactly one registration type."""
    return sum(counts["hukou_type"].values())


# Sort keys sort by code point (byte by byte in UTF-8) under the C collations only (libc's C,
# POSIX and C.UTF-8, the builtin provider's C and C.UTF-8); under another one a prefix's
# residents need not sort together, and the list pages by OFFSET alone.
_CODE_POINT_COLLATIONS = {"C", "POSIX", "C.UTF-8", "C.utf8"}
_BYTEWISE: bool | None = None


def _bytewise_order() -> bool:
    global _BYTEWISE
    if _BYTEWISE is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE datlocprovider WHEN 'c' THEN datcollate ELSE datlocale END "
                "FROM pg_database WHERE datname = current_database()"
            )
            _BYTEWISE = cursor.fetchone()[0] in _CODE_POINT_COLLATIONS
    return _BYTEWISE


def page_start(*, status: str, offset: int) -> tuple[str, int] | None:
    """Where the list of every resident (of `status`) in sort order reaches `offset`: the
    sort-key prefix (first 8 characters) of the resident at that position and how many
    residents sort before that prefix, from the counts table (migration 0150); None past the
    end or when keys do not sort bytewise.

    The residents from position `offset` on are then those with name_sort_key >= prefix,
    skipping (offset - before) of them: every key below the prefix sorts before it, every
    key holding it or above sorts after. Two steps keep it cheap: the head (first 4
    characters, about 100 values) holding the position, then the prefixes inside that head.
    """
    if offset <= 0 or not _bytewise_order():
        return None
    statuses = [status] if status else list(RegistrationStatus.values)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH heads AS (
                SELECT value, sum(residents) AS n FROM residents_residentcount
                WHERE facet = 'sort_head' AND status = ANY(%(statuses)s) GROUP BY value
            ), head AS (
                SELECT value, next, before FROM (
                    SELECT value, n, sum(n) OVER (ORDER BY value) - n AS before,
                           -- after the last head: a bound above every key
                           lead(value, 1, %(top)s) OVER (ORDER BY value) AS next
                    FROM heads
                ) AS w
                WHERE before + n > %(offset)s ORDER BY value LIMIT 1
            ), prefixes AS (
                SELECT c.value, sum(c.residents) AS n
                FROM residents_residentcount c, head
                WHERE c.facet = 'sort_prefix' AND c.status = ANY(%(statuses)s)
                  AND c.value >= head.value AND c.value < head.next
                GROUP BY c.value
            )
            SELECT p.value, head.before + p.before
            FROM head, (
                SELECT value, n, sum(n) OVER (ORDER BY value) - n AS before FROM prefixes
            ) AS p
            WHERE head.before + p.before + p.n > %(offset)s
            ORDER BY p.value LIMIT 1
            """,
            {"statuses": statuses, "offset": offset, "top": chr(0x10FFFF)},
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], int(row[1])
