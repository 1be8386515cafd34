"""ACC-9: everything a role that may not see the full ID number is shown of a resident leaves at
least 10,000 possible ID numbers.

An 18-character ID number is a 6-digit area code, the 8-digit birth date, a 3-digit sequence
number (odd for men, even for women) and a check digit (ISO 7064 mod 11-2) fixed by the other
17. The tests collect what each role is shown — pages, search results, work lists, case pages,
printed slips and reports (PDF text), the trail and its CSV export — and count the numbers
consistent with it: the area code taken as known (an address tells it), the sex taken as
known, the birth date as far as it is shown, every digit a mask shows, the check digit valid.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import random
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.change import services as change_services
from residents import roles
from residents.access import services as grants
from residents.audit.context import acting_as
from residents.common.id_numbers import random_id_number
from residents.models import GrantScope, Resident
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

ENOUGH = 10_000
# Counting stops here: a role shown nothing of the birth date leaves millions.
COUNT_LIMIT = 200_000

# --- counting the ID numbers consistent with what is shown -----------------------------------

_WEIGHTS = [2 ** (17 - position) % 11 for position in range(17)]
_CHECK = "10X98765432"
# An 18-character run of digits, X and stars: an ID number, whole or masked.
_ID_LIKE = re.compile(r"(?<![0-9Xx*])[0-9Xx*]{18}(?![0-9Xx*])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def check_digit(body: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(body, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclasses.dataclass
class Shown:
    """What a viewer learnt about one resident's ID number, birth date and sex."""

    digits: dict[int, str]  # position → character, from every mask or number shown
    full_birth_date: bool
    birth_year: bool
    # Dates shown in the birth year: the resident was born on or before each (e.g. living
    # here since the day of birth).
    bounds: list[datetime.date]


def what_is_shown(resident, texts: list[str]) -> Shown:
    real = resident.id_number
    born = resident.birth_date
    digits: dict[int, str] = {}
    for text in texts:
        for match in _ID_LIKE.finditer(text):
            token = match.group().upper()
            if all(char == "*" or char == real[i] for i, char in enumerate(token)):
                digits.update({i: char for i, char in enumerate(token) if char != "*"})
    full_forms = (
        born.isoformat(), f"{born:%Y/%m/%d}", f"{born:%Y}年{born.month}月{born.day}日",
        f"{born:%Y.%m.%d}",
    )
    dates = set()
    for text in texts:
        for year, month, day in _ISO_DATE.findall(text):
            try:
                dates.add(datetime.date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return Shown(
        digits=digits,
        full_birth_date=any(form in text for form in full_forms for text in texts),
        birth_year=any(f"{born:%Y}-**-**" in text for text in texts),
        bounds=sorted(day for day in dates if day.year == born.year),
    )


def candidates(resident, shown: Shown, *, today: datetime.date, limit: int = COUNT_LIMIT) -> int:
    """How many valid ID numbers agree with what was shown (counting stops at `limit`).

    Conservative: the real area code and the sex are taken as known whether shown or not, and
    the birth year too unless nothing about the resident is shown at all.
    """
    real = resident.id_number
    area = real[:6]
    born = resident.birth_date
    if shown.full_birth_date:
        days = [born]
    else:
        if shown.birth_year or shown.digits:
            first, last = datetime.date(born.year, 1, 1), datetime.date(born.year, 12, 31)
        else:
            first, last = datetime.date(1900, 1, 1), today
        last = min([last, today, *shown.bounds])
        days = [first + datetime.timedelta(n) for n in range((last - first).days + 1)]
    parity = int(real[16]) % 2
    count = 0
    for day in days:
        stem = f"{area}{day:%Y%m%d}"
        if any(stem[i] != char for i, char in shown.digits.items() if i < 14):
            continue
        for sequence in range(1 if parity else 2, 1000, 2):
            body = f"{stem}{sequence:03d}"
            if any(body[i] != char for i, char in shown.digits.items() if 14 <= i < 17):
                continue
            if 17 in shown.digits and check_digit(body) != shown.digits[17]:
                continue
            count += 1
            if count >= limit:
                return count
    return count


# --- what each role is shown -----------------------------------------------------------------


def _pdf_texts(response) -> list[str]:
    if response.get("Content-Type") != "application/pdf":
        return []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # Extracted lines may break inside a number: the text is also read with no white space.
    return [text, re.sub(r"\s+", "", text)]


def _page(client: Client, url: str, **params) -> list[str]:
    response = client.get(url, params)
    return [response.content.decode(errors="replace")] if response.status_code == 200 else []


def _searched_for_the_number(client: Client, resident) -> list[str]:
    """The list found by a search for the whole ID number, without the number the user typed
    (kept in the search box and in the page's own address)."""
    typed = resident.id_number
    return [
        text.replace(f'value="{typed}"', 'value=""').replace(f"q={typed}", "q=")
        for text in _page(client, reverse("residents:list"), q=typed)
    ]


def _everything_shown(client: Client, resident) -> list[str]:
    """Every page, list, search, work list, case page, print and export a user may open
    about the resident (refused ones add nothing)."""
    texts = []
    for params in ({}, {"q": resident.name}, {"age_group": "youth"}):
        texts += _page(client, reverse("residents:list"), **params)
    texts += _searched_for_the_number(client, resident)
    for name in ("residents:detail", "residents:edit", "residents:tracking"):
        texts += _page(client, reverse(name, args=[resident.pk]))
    for name in ("casework:query_open", "casework:change_open"):
        texts += _page(client, reverse(name, args=[resident.pk]))
    for name in (
        "residents:worklists", "residents:worklist_rechecks", "casework:worklist_due",
        "casework:case_list",
    ):
        texts += _page(client, reverse(name))
    for case in resident.cases.all():
        texts += _page(client, reverse("casework:case_detail", args=[case.pk]))
    texts += _page(client, reverse("audit:trail"), resident=f"#{resident.pk}")
    export = client.get(reverse("audit:export"), {"format": "csv", "resident": f"#{resident.pk}"})
    if export.status_code == 200:
        texts.append(b"".join(export.streaming_content if export.streaming else [export.content])
                     .decode("utf-8-sig"))
    for name in ("residents:slip_print", "residents:access_report"):
        texts += _pdf_texts(client.post(reverse(name, args=[resident.pk])))
    return texts


@dataclasses.dataclass(frozen=True)
class Scene:
    users: dict[str, int]  # role → user pk
    residents: list[int]  # an adult, a child, a returned registration


def _build_scene() -> Scene:
    front_desk = make_user(roles.FRONT_DESK)
    users = {"front_desk": front_desk.pk, "manager": make_user(roles.MANAGER).pk}
    # An adult; a child whose "living here since" is the day of birth, shown in full; a
    # registration returned for correction (its edit form is open to the front desk).
    adult = make_resident(actor=front_desk, birth_date=datetime.date(1985, 6, 15), gender="F")
    child_born = datetime.date(2015, 8, 20)
    child = make_resident(
        actor=front_desk, birth_date=child_born, gender="M", living_since=child_born,
        hukou_moved_in_on=child_born,
    )
    returned = make_resident(
        actor=front_desk, status="returned", birth_date=datetime.date(1972, 3, 9), gender="M"
    )
    people = [adult, child, returned]
    # A change request of the adult's address: its case page is open to the front desk.
    change_services.change_request_open(
        resident=adult, actor=front_desk, proposed={"address": "东城区安定门街道8号院"},
        reason="居民搬家", documents="居民身份证原件",
    )
    # Other staff with an approved grant on each resident.
    requester = make_user(roles.OTHER_STAFF)
    approver = make_user(roles.MANAGER)
    approver.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
    for resident in people:
        with acting_as(requester):
            grant = grants.grant_request(
                requester=requester, resident=resident, purpose="核实救助申请材料",
                scope=GrantScope.SERVICE,
            )
        with acting_as(approver):
            grants.grant_approve(
                grant=grant, approver=approver,
                expires_at=timezone.now() + datetime.timedelta(days=7),
            )
    users["other_staff_granted"] = requester.pk
    for role in (roles.AUDITOR, roles.REPORTER, roles.OTHER_STAFF, roles.SYSADMIN,
                 roles.SECURITY_ADMIN, roles.SUPERVISOR):
        users[role] = make_user(role).pk
    # The front desk's searches (terms masked), prints and reads are in the trail.
    client = Client()
    client.force_login(front_desk)
    for resident in people:
        _everything_shown(client, resident)
    return Scene(users, [resident.pk for resident in people])


@pytest.fixture(scope="class")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the class, in a transaction rolled back after it (each test nests in it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("masks")
        ):
            built = _build_scene()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(scene: Scene, role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=scene.users[role]))
    return client


def _people(scene: Scene) -> list:
    by_pk = Resident.objects.in_bulk(scene.residents)
    return [by_pk[pk] for pk in scene.residents]


def _assert_enough(role: str, client: Client, residents) -> None:
    today = timezone.localdate()
    for resident in residents:
        texts = _everything_shown(client, resident)
        shown = what_is_shown(resident, texts)
        assert resident.id_number not in "".join(texts), role
        count = candidates(resident, shown, today=today)
        assert count >= ENOUGH, (role, resident.birth_date, shown, count)


class TestWhatEachRoleIsShown:
    def test_front_desk_is_shown_too_little_to_rebuild_any_id_number(self, scene, db):
        client = _client(scene, "front_desk")
        adult = _people(scene)[0]
        # What the front desk sees: the area code of the mask and the birth year.
        shown = what_is_shown(adult, _everything_shown(client, adult))
        assert shown.digits == {i: adult.id_number[i] for i in range(6)}
        assert shown.birth_year and not shown.full_birth_date
        assert candidates(adult, shown, today=timezone.localdate()) >= 180_000
        _assert_enough("front_desk", client, _people(scene))

    def test_other_staff_with_an_approved_grant_is_shown_too_little(self, scene, db):
        client = _client(scene, "other_staff_granted")
        assert _page(client, reverse("residents:detail", args=[scene.residents[0]]))
        _assert_enough("other_staff_granted", client, _people(scene))

    def test_roles_without_resident_pages_are_shown_too_little(self, scene, db):
        for role in (roles.AUDITOR, roles.REPORTER, roles.OTHER_STAFF, roles.SYSADMIN,
                     roles.SECURITY_ADMIN, roles.SUPERVISOR):
            _assert_enough(role, _client(scene, role), _people(scene))

    def test_the_mask_beside_the_full_birth_date_is_no_longer_shown(self, scene, db):
        """The old attack: 110101********1234 beside 1990-03-07 on one list row is one number."""
        adult = _people(scene)[0]
        today = timezone.localdate()
        old_display = [
            f"{adult.id_number[:6]}********{adult.id_number[-4:]}", adult.birth_date.isoformat()
        ]
        assert candidates(adult, what_is_shown(adult, old_display), today=today) == 1

        client = _client(scene, "front_desk")
        for row_page in (
            _page(client, reverse("residents:list"), q=adult.name),
            _searched_for_the_number(client, adult),
        ):
            assert row_page and adult.name in row_page[0]
            shown = what_is_shown(adult, row_page)
            assert not shown.full_birth_date
            assert set(shown.digits) == set(range(6))
            assert candidates(adult, shown, today=today) >= ENOUGH
        # The class's residents have slips printed already: a print says why.
        slip = _pdf_texts(client.post(
            reverse("residents:slip_print", args=[adult.pk]), {"reprint_reason": "复核"}
        ))
        assert slip
        shown = what_is_shown(adult, slip)
        assert not shown.full_birth_date and shown.birth_year
        assert candidates(adult, shown, today=today) >= ENOUGH

    def test_the_manager_still_sees_the_full_birth_date_and_id_number(self, scene, db):
        adult = _people(scene)[0]
        client = _client(scene, "manager")
        page = _page(client, reverse("residents:detail", args=[adult.pk]))[0]
        assert adult.id_number in page
        assert adult.birth_date.isoformat() in page
        # The class's residents have slips printed already: a print says why.
        slip = "".join(_pdf_texts(client.post(
            reverse("residents:slip_print", args=[adult.pk]), {"reprint_reason": "复核"}
        )))
        assert adult.id_number in slip and adult.birth_date.isoformat() in slip


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_the_front_desk_age_group_does_not_change_on_the_birthday(client, front_desk, manager):
    """A group that turned on the birthday would tell the day to a patient viewer."""
    with time_machine.travel(_noon(datetime.date(2026, 3, 1)), tick=False):
        resident = make_resident(birth_date=datetime.date(1966, 11, 25))
    url = reverse("residents:detail", args=[resident.pk])
    seen = {}
    for day in (datetime.date(2026, 1, 1), datetime.date(2026, 11, 24),
                datetime.date(2026, 11, 25), datetime.date(2026, 12, 31)):
        with time_machine.travel(_noon(day), tick=False):
            for user in (front_desk, manager):
                client.force_login(user)
                seen[user.pk, day] = client.get(url).context["age_group"]
    assert len({seen[front_desk.pk, day] for day in
                (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))}) == 1
    assert seen[front_desk.pk, datetime.date(2026, 11, 24)] == seen[
        front_desk.pk, datetime.date(2026, 11, 25)
    ]
    # Managers see the birth date anyway: their group turns on the birthday.
    assert seen[manager.pk, datetime.date(2026, 11, 24)] != seen[
        manager.pk, datetime.date(2026, 11, 25)
    ]


def test_the_count_agrees_with_the_id_numbers_the_centre_accepts():
    for born in (datetime.date(1985, 6, 15), datetime.date(2000, 2, 29)):
        for gender in ("M", "F"):
            number = random_id_number(random.Random(7), birth_date=born, gender=gender)
            assert check_digit(number[:17]) == number[17]
