"""Every read of resident data, scoped to the acting user (DESIGN.md: selectors)."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import Http404

from residents.access.policy import may_see_record, policy_for
from residents.common.validation import (
    ARCHIVE_NUMBER_RE,
    normalise_id_number,
    normalise_phone,
)
from residents.models import (
    NameGrams,
    RegistrationStatus,
    Resident,
    ResidentUserObjectPermission,
    Slip,
)

DIGITS_RE = re.compile(r"^[\d\-+ ]+$")
# What pg_trgm indexes: three word characters in a row.
THREE_WORD_CHARACTERS = re.compile(r"\w{3}")


def residents_visible_to(user) -> QuerySet[Resident]:
    """All residents for roles that see residents; otherwise those of approved, unexpired grants."""
    if policy_for(user).may_see_residents:
        return Resident.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Resident.objects.none()
    granted = (
        ResidentUserObjectPermission.objects.in_force()
        .filter(user=user, permission__codename="view_resident")
        .values("content_object_id")
    )
    return Resident.objects.filter(pk__in=granted)


def resident_for_user(user, pk: int) -> Resident:
    """The resident, or 404 when it does not exist or the user may not see it."""
    try:
        return residents_visible_to(user).get(pk=pk)
    except (Resident.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def record_for_user(user, queryset: QuerySet, pk):
    """A record about a resident, with its resident attached, and the user's policy on it.

    404 when the record does not exist, its resident is hidden from the user, or the record's
    field group is (the one rule every subject's detail pages share).
    """
    try:
        record = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    resident = resident_for_user(user, record.resident_id)
    policy = policy_for(user, resident)
    if not may_see_record(user, policy, record):
        raise Http404
    record.resident = resident
    return record, policy


def whole_phone(query: str) -> str | None:
    """The query as a stored phone number, when it is a whole valid one (else None)."""
    try:
        return normalise_phone(query) or None
    except ValidationError:
        return None


def residents_search(user, *, query: str = "", status: str = "") -> QuerySet[Resident]:
    """Search by name fragment, or by a whole ID number, phone or archive number (ACC-9).

    Numbers match whole values only: a search for part of a number finds nobody, so the
    search cannot be used to read a phone or ID number digit by digit.
    """
    residents = residents_visible_to(user)
    if status:
        residents = residents.filter(status=status)
    query = query.strip()
    if not query:
        return residents
    compact = normalise_id_number(query)
    if ARCHIVE_NUMBER_RE.match(query):
        return residents.filter(archive_number__iexact=query)
    if len(compact) == 18 and compact[:17].isdigit():
        return residents.filter(id_number=compact)
    if DIGITS_RE.match(query):
        # Phones are stored as the normaliser writes them: mobiles plain, landlines with a dash.
        phone = whole_phone(query)
        return residents.filter(phone=phone) if phone else residents.none()
    return residents_with_name_containing(residents, query)


def name_grams(fragment: str) -> list[str]:
    """The two-character pieces of a fragment, as `resident_name_grams` cuts names."""
    return sorted({fragment[i : i + 2] for i in range(len(fragment) - 1)})


_TRIGRAMS_INDEX_CHINESE: dict[str, bool] = {}


def _trigrams_index_chinese(using: str) -> bool:
    """Whether pg_trgm cuts Chinese names into trigrams on this database (asked once)."""
    if using not in _TRIGRAMS_INDEX_CHINESE:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT cardinality(show_trgm('居民信息')) > 0")
            _TRIGRAMS_INDEX_CHINESE[using] = cursor.fetchone()[0]
    return _TRIGRAMS_INDEX_CHINESE[using]


def residents_with_name_containing(residents: QuerySet, fragment: str) -> QuerySet:
    """The residents whose name contains `fragment`, exactly as `name__contains` finds them.

    With three characters in a row, the trigram index (resident_name_trgm) narrows the rows
    to those containing that piece. Trigrams know nothing of two characters: there the
    name-grams index (migration 0041) narrows them to the names holding every two-character
    piece of the fragment, and the LIKE keeps those that contain it in one piece. Only one
    of the two: with both, every hit's name is cut into pieces again on the recheck, which
    costs more than the search. One character has no piece and scans, as before.
    pg_trgm sees Chinese characters only under a UTF-8 character type (C.UTF-8, as the
    embedded server's); under plain C it skips them, and the name pieces serve every length.
    """
    residents = residents.filter(name__contains=fragment)
    trigrams = THREE_WORD_CHARACTERS.search(fragment) and _trigrams_index_chinese(residents.db)
    if len(fragment) >= 2 and not trigrams:
        residents = residents.alias(name_grams=NameGrams("name")).filter(
            name_grams__contains=name_grams(fragment)
        )
    return residents


def normalise_archive_number(value: str) -> str:
    """An archive number as stored: JM-2026-123 and full-width ｊｍ－２０２６－１２３ alike.

    NFKC turns full-width letters, digits and dashes typed with a Chinese IME into ASCII;
    spaces go, letters are upper-cased and the serial is zero-padded to six digits. A value
    that is no archive number is returned cleaned but otherwise as it is.
    """
    number = "".join(unicodedata.normalize("NFKC", value).split()).upper()
    if ARCHIVE_NUMBER_RE.match(number):
        prefix, year, serial = number.split("-")
        number = f"{prefix}-{year}-{int(serial):06d}"
    return number


def resident_by_archive_number(
    user, value: str, *, verified_only: bool = False
) -> Resident | None:
    """The resident with this archive number among those the user may see, or None.

    None alike for a malformed number, an unknown one and one naming somebody the user may
    not see. `verified_only` finds verified residents only (services, activities).
    """
    number = normalise_archive_number(value)
    if not ARCHIVE_NUMBER_RE.match(number):
        return None
    residents = residents_visible_to(user).filter(archive_number=number)
    if verified_only:
        residents = residents.filter(status=RegistrationStatus.VERIFIED)
    return residents.first()


def residents_in_order(
    user, pks: list[int], *, only: tuple[str, ...] | None = None
) -> list[Resident]:
    """Load one page of residents by key, in the given order (`only`: just these fields).

    Lists page over keys first (an index-only scan of the sort order) and load the rows of
    that page only: an OFFSET over full rows reads every skipped row.
    """
    residents = residents_visible_to(user)
    if only is not None:
        residents = residents.only(*only)
    by_pk = residents.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def likely_duplicates(
    user,
    *,
    name: str,
    birth_date: datetime.date | None,
    phone: str,
    exclude_pk: int | None = None,
) -> QuerySet[Resident]:
    """Residents who may be the same person: same name and birth date, or same phone (REG-7)."""
    condition = Q(pk__in=[])
    if name and birth_date:
        condition |= Q(name=name, birth_date=birth_date)
    if phone:
        condition |= Q(phone=phone)
    residents = residents_visible_to(user).filter(condition)
    if exclude_pk is not None:
        residents = residents.exclude(pk=exclude_pk)
    return residents.order_by("pk")[:10]


def resident_pk_with_id_number(user, id_number: str) -> int | None:
    return (
        residents_visible_to(user).filter(id_number=id_number).values_list("pk", flat=True).first()
    )


def slips_for_resident(user, resident: Resident, *, policy=None) -> QuerySet[Slip]:
    """The resident's slips; `policy`: the user's policy on this resident, when the caller
    already holds it (saves reading the grants again)."""
    if not (policy or policy_for(user, resident)).may_see_residents:
        return Slip.objects.none()
    return Slip.objects.filter(resident=resident).select_related("printed_by")


def slip_for_user(user, pk: int) -> Slip:
    try:
        slip = Slip.objects.select_related("resident").get(pk=pk)
    except Slip.DoesNotExist as exc:
        raise Http404 from exc
    resident_for_user(user, slip.resident_id)
    return slip


def pending_counts(user) -> dict[str, int]:
    from django.db.models import Count

    rows = residents_visible_to(user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
