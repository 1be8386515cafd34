"""Demo households and social contacts for `manage.py seed_demo`, made through the services.

Demo residents are generated family by family and a family shares an address, so households
are rebuilt from the address: generations are told apart by birth years, the head is the eldest
man of the working generation, and the others' relationships follow from their generation.
A few grown-up children have since set up their own household, so the history shows moves.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.contrib.auth.models import User
from django.utils import timezone

from residents.audit.context import acting_as
from residents.demo.people import ESTATE, _given_name, _mobile, _surname
from residents.households import services
from residents.models import Household, HouseholdMembership, Relationship, Resident, SocialContact

GENERATION_GAP_YEARS = 16
MAX_SPLITS = 6
CONTACT_SHARE = 0.45
CONTACT_RELATIONSHIPS = (
    ("女儿", 18), ("儿子", 16), ("邻居", 14), ("朋友", 10), ("同事", 8), ("侄子", 4),
    ("外甥女", 4), ("兄弟", 5), ("姐妹", 5), ("楼门长", 3),
)
CONTACT_NOTES = ("紧急联系人", "住在本小区", "在外地工作", "每周来探望", "", "", "")


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _generations(people: list[Resident]) -> list[list[Resident]]:
    generations: list[list[Resident]] = []
    for person in sorted(people, key=lambda p: p.birth_date):
        if generations and (
            person.birth_date.year - generations[-1][0].birth_date.year < GENERATION_GAP_YEARS
        ):
            generations[-1].append(person)
        else:
            generations.append([person])
    return generations


def _family(people: list[Resident]) -> tuple[Resident, list[tuple[Resident, str]]]:
    """The head, and every other member with their relationship to the head."""
    generations = _generations(people)
    head_level = 1 if len(generations) >= 3 else 0
    head_generation = generations[head_level]
    head = next((p for p in head_generation if p.gender == "M"), head_generation[0])
    same = Relationship.SPOUSE if len(head_generation) == 2 else Relationship.SIBLING
    by_offset = {-1: Relationship.PARENT, -2: Relationship.GRANDPARENT, 0: same,
                 1: Relationship.CHILD, 2: Relationship.GRANDCHILD}
    others = [
        (person, by_offset.get(level - head_level, Relationship.OTHER))
        for level, generation in enumerate(generations)
        for person in generation
        if person is not head
    ]
    return head, others


def _head_since(head: Resident, today: datetime.date) -> datetime.date:
    since = head.living_since or head.hukou_moved_in_on or _years_after(head.birth_date, 22)
    return min(since, today)


def _household_number(serial: int) -> str:
    return f"110101{serial:06d}"


def _new_flat(rng: random.Random) -> str:
    building = rng.randint(1, 12)
    return (f"北京市东城区和平里街道 {ESTATE} {building}号楼{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 6)}{rng.randint(1, 4):02d}室")


def _split(rng, *, users, membership, household_serial: int, today) -> int:
    """A grown-up child moves out and becomes head of a new household (分户): 2 records."""
    child = membership.resident
    earliest = max(membership.joined_on, _years_after(child.birth_date, 22))
    if earliest >= today:
        return 0
    moved_on = earliest + datetime.timedelta(days=rng.randrange((today - earliest).days))
    services.membership_end(membership=membership, left_on=moved_on, actor=users["manager"])
    services.household_create(
        number=_household_number(household_serial), address=_new_flat(rng), head=child,
        joined_on=moved_on, actor=users["manager"],
    )
    return 2


def _contacts(rng: random.Random, *, users, residents: list[Resident]) -> int:
    relationships = [name for name, _weight in CONTACT_RELATIONSHIPS]
    weights = [weight for _name, weight in CONTACT_RELATIONSHIPS]
    created = 0
    for resident in residents:
        if rng.random() >= CONTACT_SHARE:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            gender = rng.choice("MF")
            birth_year = rng.randint(1950, 2000)
            services.social_contact_add(
                resident=resident,
                name=_surname(rng) + _given_name(rng, gender, birth_year),
                relationship=rng.choices(relationships, weights=weights)[0],
                phone=_mobile(rng),
                note=rng.choice(CONTACT_NOTES),
                actor=users["manager"],
            )
            created += 1
    return created


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Households for the verified demo residents, and contacts; nothing if any exist already."""
    if Household.objects.exists() or SocialContact.objects.exists():
        return 0
    today = timezone.localdate()
    manager = users["manager"]
    by_address: dict[str, list[Resident]] = defaultdict(list)
    for resident in residents:
        by_address[resident.address].append(resident)
    created = 0
    serial = 0
    splits = 0
    with acting_as(manager):
        for address, people in sorted(by_address.items()):
            serial += 1
            head, others = _family(people)
            since = _head_since(head, today)
            household = services.household_create(
                number=_household_number(serial), address=address, head=head,
                joined_on=since, actor=manager,
            )
            created += 2  # the household and its head's membership
            for person, relationship in others:
                membership = services.household_add_member(
                    household=household, resident=person, relationship=relationship,
                    joined_on=min(max(since, person.birth_date), today), actor=manager,
                )
                created += 1
                grown_up = person.birth_date <= _years_after(today, -24)
                if (relationship == Relationship.CHILD and grown_up and splits < MAX_SPLITS
                        and rng.random() < 0.5):
                    serial += 1
                    membership = HouseholdMembership.objects.select_related("resident").get(
                        pk=membership.pk
                    )
                    made = _split(rng, users=users, membership=membership,
                                  household_serial=serial, today=today)
                    splits += 1 if made else 0
                    created += made
        created += _contacts(rng, users=users, residents=residents)
    return created
