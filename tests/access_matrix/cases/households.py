"""Access matrix cases of the households pages.

Households are manager pages (model permissions): everyone else gets 403, whether the
household exists or not. Memberships and contacts are comprehensive records about a resident:
404 to anyone who may not see the resident or the record (front desk and a service-scope grant
see the resident but not the record), and the contacts page of a visible resident is 403 to
those without the contact permission.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from residents.audit.context import acting_as
from residents.households import services as household_services
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    HIDDEN,
    OK,
    RESIDENT_HIDDEN,
    Case,
    World,
    _statuses,
)
from tests.factories import make_resident

MANAGERS_ONLY = _statuses(FORBIDDEN, manager=OK, designated_manager=OK)
RECORD_HIDDEN = dict(front_desk=HIDDEN, other_staff_granted=HIDDEN, **RESIDENT_HIDDEN)


def _household_url(name: str):
    return lambda w: reverse(f"residents:{name}", args=[w.extra["hh_household"].pk])


CASES: dict[str, Case] = {
    "residents:household_list": Case(
        "get", lambda w: reverse("residents:household_list"), MANAGERS_ONLY
    ),
    "residents:household_create": Case(
        "get", lambda w: reverse("residents:household_create"), MANAGERS_ONLY
    ),
    "residents:household_detail": Case("get", _household_url("household_detail"), MANAGERS_ONLY),
    "residents:household_add_member": Case(
        "get", _household_url("household_add_member"), MANAGERS_ONLY
    ),
    "residents:household_change_head": Case(
        "get", _household_url("household_change_head"), MANAGERS_ONLY
    ),
    "residents:membership_move": Case(
        "get",
        lambda w: reverse("residents:membership_move", args=[w.extra["hh_membership"].pk]),
        _statuses(OK, **RECORD_HIDDEN),
    ),
    "residents:membership_end": Case(
        "get",
        lambda w: reverse("residents:membership_end", args=[w.extra["hh_membership"].pk]),
        _statuses(OK, **RECORD_HIDDEN),
    ),
    "residents:social_contact_list": Case(
        "get", lambda w: reverse("residents:social_contact_list", args=[w.resident.pk]),
        _statuses(OK, front_desk=FORBIDDEN, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:social_contact_edit": Case(
        "get",
        lambda w: reverse("residents:social_contact_edit", args=[w.extra["hh_social_contact"].pk]),
        _statuses(OK, **RECORD_HIDDEN),
    ),
    "residents:social_contact_remove": Case(
        "post",
        lambda w: reverse(
            "residents:social_contact_remove", args=[w.extra["hh_social_contact"].pk]
        ),
        _statuses(FOUND, **RECORD_HIDDEN),
    ),
}


def build(world: World) -> None:
    """A household headed by world.resident with a second member, and one social contact."""
    manager = world.users["manager"]
    since = timezone.localdate() - datetime.timedelta(days=400)
    with acting_as(manager):
        household = household_services.household_create(
            # Not starting with the city and district: the leak check looks for the resident's
            # place of household registration (北京市东城区) in every response.
            number="110101990001", address="和平里街道 幸福小区 3号楼2单元401室",
            head=world.resident, joined_on=since, actor=manager,
        )
        spouse = make_resident(actor=world.users["front_desk"])
        household_services.household_add_member(
            household=household, resident=spouse, relationship="spouse", joined_on=since,
            actor=manager,
        )
        contact = household_services.social_contact_add(
            resident=world.resident, name="李秀英", relationship="女儿", phone="13900001111",
            note="紧急联系人", actor=manager,
        )
    world.extra["hh_household"] = household
    world.extra["hh_membership"] = household.memberships.get(resident=world.resident)
    world.extra["hh_social_contact"] = contact
