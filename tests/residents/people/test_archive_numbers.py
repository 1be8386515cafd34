"""REG-4: archive numbers are unique, readable and sequential per year, without gaps."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from residents import roles
from residents.common.errors import ActionRefused
from residents.common.numbering import format_archive_number
from residents.models import ArchiveSequence, RegistrationStatus, Resident
from residents.people import services
from tests.factories import make_resident, make_user

ARCHIVE_NUMBER_FORMAT = re.compile(r"^JM-(\d{4})-(\d{6})$")


def _last_number(year: int) -> int:
    return (
        ArchiveSequence.objects.filter(year=year).values_list("last_number", flat=True).first()
        or 0
    )


def _verify(resident: Resident, actor=None) -> str:
    return services.registration_verify(registration=resident, actor=actor).archive_number


def test_format_is_prefix_year_and_six_digits():
    assert format_archive_number(2026, 123) == "JM-2026-000123"
    assert format_archive_number(2027, 1) == "JM-2027-000001"
    assert format_archive_number(2026, 999999) == "JM-2026-999999"


@pytest.mark.django_db
def test_verification_assigns_a_number_of_this_year_in_the_fixed_format():
    year = timezone.localdate().year
    number = _verify(make_resident(status="submitted"))
    match = ARCHIVE_NUMBER_FORMAT.match(number)
    assert match, number
    assert int(match.group(1)) == year
    assert number == format_archive_number(year, _last_number(year))


@pytest.mark.django_db
def test_numbers_follow_each_other_in_order_of_verification():
    year = timezone.localdate().year
    residents = [make_resident(status="submitted") for _ in range(3)]
    base = _last_number(year)
    numbers = [_verify(resident) for resident in reversed(residents)]
    assert numbers == [format_archive_number(year, base + i) for i in (1, 2, 3)]
    assert _last_number(year) == base + 3


@pytest.mark.django_db
def test_refused_verification_does_not_consume_a_number():
    year = timezone.localdate().year
    first = _verify(make_resident(status="submitted"))
    draft = make_resident(status="draft")
    with pytest.raises(ActionRefused):
        _verify(draft)
    second = _verify(make_resident(status="submitted"))
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert second == format_archive_number(year, _last_number(year))


@pytest.mark.django_db
def test_rolled_back_verification_gives_its_number_back():
    year = timezone.localdate().year
    before = _verify(make_resident(status="submitted"))
    rolled_back = make_resident(status="submitted")

    class PrinterJammed(Exception):
        pass

    with pytest.raises(PrinterJammed), transaction.atomic():
        taken = _verify(rolled_back)
        assert int(taken[-6:]) == int(before[-6:]) + 1
        raise PrinterJammed

    rolled_back.refresh_from_db()
    assert rolled_back.status == RegistrationStatus.SUBMITTED
    assert rolled_back.archive_number is None
    assert _last_number(year) == int(before[-6:])

    after = _verify(make_resident(status="submitted"))
    assert after == format_archive_number(year, int(before[-6:]) + 1)
    # The rolled-back resident, verified again, simply takes the next one.
    assert _verify(rolled_back) == format_archive_number(year, int(before[-6:]) + 2)


@pytest.mark.django_db
def test_each_year_has_its_own_sequence_starting_at_000001():
    year = timezone.localdate().year
    ArchiveSequence.objects.filter(year=year).delete()
    ArchiveSequence.objects.create(year=year - 1, last_number=857)

    first_this_year = _verify(make_resident(status="submitted"))

    assert first_this_year == f"JM-{year}-000001"
    assert ArchiveSequence.objects.get(year=year - 1).last_number == 857
    assert ArchiveSequence.objects.get(year=year).last_number == 1
    # Continuing last year's count would have given …-000858 with last year's prefix.
    assert format_archive_number(year - 1, 858) != first_this_year


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_verifications_get_consecutive_numbers_without_gaps_or_repeats():
    workers = 8
    actor = make_user(roles.FRONT_DESK)
    # Entered by a colleague: nobody verifies their own registration (ACC-8).
    clerk = make_user(roles.FRONT_DESK)
    residents = [make_resident(actor=clerk, status="submitted") for _ in range(workers)]
    year = timezone.localdate().year
    base = _last_number(year)

    barrier = threading.Barrier(workers)
    results: dict[int, object] = {}
    lock = threading.Lock()

    def verify(resident: Resident):
        try:
            barrier.wait(timeout=10)
            outcome: object = _verify(resident, actor)
        except Exception as exc:  # surfaced by the assertion below
            outcome = exc
        finally:
            connection.close()
        with lock:
            results[resident.pk] = outcome

    threads = [threading.Thread(target=verify, args=(r,)) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert all(isinstance(number, str) for number in results.values()), results
    expected = {format_archive_number(year, base + i) for i in range(1, workers + 1)}
    assert sorted(results.values()) == sorted(expected)
    stored = set(
        Resident.objects.filter(pk__in=[r.pk for r in residents]).values_list(
            "archive_number", flat=True
        )
    )
    assert stored == expected
    assert _last_number(year) == base + workers
