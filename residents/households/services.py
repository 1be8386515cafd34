"""Households (户), their members over time, and residents' main social contacts (REG-1).

Every change is a service: one transaction, the rows it changes locked, `full_clean()`, and
auditlog records the write (all these models are registered). The database constraints (one
current household per resident, one current head per household) back the checks made here;
a request that loses a race against another one hits a constraint and is refused the same way.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused
from residents.common.validation import normalise_phone, refuse_future
from residents.models import Household, HouseholdMembership, Relationship, Resident, SocialContact


def _current_membership(resident: Resident) -> HouseholdMembership | None:
    return (
        HouseholdMembership.objects.select_for_update()
        .select_related("household")
        .filter(resident=resident, left_on__isnull=True)
        .first()
    )


def _refuse_if_in_a_household(resident: Resident, household: Household | None) -> None:
    current = _current_membership(resident)
    if current is None:
        return
    if household is not None and current.household_id == household.pk:
        raise ActionRefused(
            _("This resident is already a member of this household."), field="archive_number"
        )
    raise ActionRefused(
        _(
            "This resident already belongs to household %(number)s. Move the resident from "
            "that household instead."
        )
        % {"number": current.household.number},
        field="archive_number",
    )


def _refuse_overlap(resident: Resident, joined_on: datetime.date, field: str) -> None:
    """History stays a sequence: a new membership cannot start before the last one ended."""
    last_left = (
        HouseholdMembership.objects.filter(resident=resident, left_on__isnull=False)
        .order_by("-left_on")
        .values_list("left_on", flat=True)
        .first()
    )
    if last_left is not None and joined_on < last_left:
        raise ActionRefused(
            _("The resident left a household on %(date)s; the new membership cannot start "
              "earlier.") % {"date": last_left.isoformat()},
            field=field,
        )


def _has_current_head(household: Household) -> bool:
    return HouseholdMembership.objects.filter(
        household=household, left_on__isnull=True, relationship=Relationship.HEAD
    ).exists()


def _save_new(membership: HouseholdMembership) -> HouseholdMembership:
    membership.full_clean(validate_constraints=False)
    try:
        # A savepoint, so that a constraint violation leaves the outer transaction usable.
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        # A concurrent request added this resident or a head first; the database kept one.
        raise ActionRefused(
            _("The household changed while you were working. Reload the page and try again.")
        ) from exc
    return membership


def household_create(
    *,
    number: str,
    address: str,
    head: Resident,
    joined_on: datetime.date,
    actor,
) -> Household:
    """A new household with its head as first member."""
    number = "".join(number.split()).upper()
    address = address.strip()
    refuse_future(joined_on, field="joined_on")
    with transaction.atomic():
        if Household.objects.filter(number=number).exists():
            raise ActionRefused(
                _("A household with this number already exists."), field="number"
            )
        _refuse_if_in_a_household(head, None)
        _refuse_overlap(head, joined_on, "joined_on")
        household = Household(number=number, address=address, created_by=actor)
        household.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                household.save()
        except IntegrityError as exc:
            raise ActionRefused(
                _("A household with this number already exists."), field="number"
            ) from exc
        _save_new(
            HouseholdMembership(
                household=household, resident=head, relationship=Relationship.HEAD,
                joined_on=joined_on, recorded_by=actor,
            )
        )
    return household


def household_add_member(
    *,
    household: Household,
    resident: Resident,
    relationship: str,
    joined_on: datetime.date,
    actor,
) -> HouseholdMembership:
    """Add a resident who belongs to no household now; a head only where there is none."""
    refuse_future(joined_on, field="joined_on")
    with transaction.atomic():
        # Locking the household serialises changes to one household's membership.
        household = Household.objects.select_for_update().get(pk=household.pk)
        _refuse_if_in_a_household(resident, household)
        if relationship == Relationship.HEAD and _has_current_head(household):
            raise ActionRefused(
                _("This household already has a head. Change the head on the household page."),
                field="relationship",
            )
        _refuse_overlap(resident, joined_on, "joined_on")
        return _save_new(
            HouseholdMembership(
                household=household, resident=resident, relationship=relationship,
                joined_on=joined_on, recorded_by=actor,
            )
        )


def _locked_current(membership: HouseholdMembership) -> HouseholdMembership:
    locked = (
        HouseholdMembership.objects.select_for_update()
        .select_related("household")
        .get(pk=membership.pk)
    )
    if locked.left_on is not None:
        raise ActionRefused(_("This membership has already ended."))
    return locked


def _refuse_head_leaving(membership: HouseholdMembership) -> None:
    """A head leaves only as the last member: the others would be left without a head."""
    if membership.relationship != Relationship.HEAD:
        return
    others = HouseholdMembership.objects.filter(
        household_id=membership.household_id, left_on__isnull=True
    ).exclude(pk=membership.pk)
    if others.exists():
        raise ActionRefused(
            _("The head cannot leave while other members remain. Make another member the "
              "head first.")
        )


def _end(membership: HouseholdMembership, left_on: datetime.date, field: str) -> None:
    refuse_future(left_on, field=field)
    if left_on < membership.joined_on:
        raise ActionRefused(
            _("The member joined on %(date)s; the membership cannot end earlier.")
            % {"date": membership.joined_on.isoformat()},
            field=field,
        )
    membership.left_on = left_on
    membership.full_clean(validate_constraints=False)
    membership.save(update_fields=["left_on"])


def membership_end(
    *, membership: HouseholdMembership, left_on: datetime.date, actor
) -> HouseholdMembership:
    """End a membership; the row stays as history."""
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=membership.household_id)
        locked = _locked_current(membership)
        _refuse_head_leaving(locked)
        _end(locked, left_on, "left_on")
    return locked


def membership_move(
    *,
    membership: HouseholdMembership,
    to_household: Household,
    relationship: str,
    moved_on: datetime.date,
    actor,
) -> HouseholdMembership:
    """End the current membership and start one in another household, both or neither."""
    with transaction.atomic():
        # Lock both households in key order, so two opposite moves cannot deadlock.
        pks = sorted({membership.household_id, to_household.pk})
        locked_households = Household.objects.select_for_update().filter(pk__in=pks).order_by("pk")
        to_household = {h.pk: h for h in locked_households}[to_household.pk]
        locked = _locked_current(membership)
        if to_household.pk == locked.household_id:
            raise ActionRefused(
                _("The resident is already a member of this household."),
                field="household_number",
            )
        _refuse_head_leaving(locked)
        if relationship == Relationship.HEAD and _has_current_head(to_household):
            raise ActionRefused(
                _("That household already has a head. Choose another relationship."),
                field="relationship",
            )
        _end(locked, moved_on, "moved_on")
        return _save_new(
            HouseholdMembership(
                household=to_household, resident_id=locked.resident_id,
                relationship=relationship, joined_on=moved_on, recorded_by=actor,
            )
        )


def household_change_head(
    *,
    household: Household,
    new_head: HouseholdMembership,
    former_head_relationship: str,
    actor,
) -> HouseholdMembership:
    """Make a current member the head; the former head stays a member with a new relationship.

    The relationship is changed in place: auditlog keeps the earlier value with who and when.
    """
    if former_head_relationship == Relationship.HEAD:
        raise ActionRefused(
            _("Choose the former head's new relationship to the head."),
            field="former_head_relationship",
        )
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        current = list(
            HouseholdMembership.objects.select_for_update()
            .filter(household=household, left_on__isnull=True)
            .order_by("pk")
        )
        chosen = next((m for m in current if m.pk == new_head.pk), None)
        if chosen is None:
            raise ActionRefused(
                _("Choose a current member of this household."), field="new_head"
            )
        if chosen.relationship == Relationship.HEAD:
            raise ActionRefused(_("This member is already the head."), field="new_head")
        # The former head steps down first: the database allows one current head at a time.
        for former in (m for m in current if m.relationship == Relationship.HEAD):
            former.relationship = former_head_relationship
            former.full_clean(validate_constraints=False)
            former.save(update_fields=["relationship"])
        chosen.relationship = Relationship.HEAD
        chosen.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                chosen.save(update_fields=["relationship"])
        except IntegrityError as exc:
            raise ActionRefused(
                _("The household changed while you were working. Reload the page and try again.")
            ) from exc
    return chosen


# --- social contacts ------------------------------------------------------------------------


def _contact_values(*, name: str, relationship: str, phone: str, note: str) -> dict:
    # normalise_phone raises ValidationError with a message a clerk can act on.
    return {
        "name": name.strip(),
        "relationship": relationship.strip(),
        "phone": normalise_phone(phone),
        "note": note.strip(),
    }


def social_contact_add(
    *, resident: Resident, name: str, relationship: str, phone: str = "", note: str = "", actor
) -> SocialContact:
    values = _contact_values(name=name, relationship=relationship, phone=phone, note=note)
    with transaction.atomic():
        contact = SocialContact(resident=resident, **values)
        contact.full_clean()
        contact.save()
    return contact


def social_contact_update(
    *, contact: SocialContact, name: str, relationship: str, phone: str = "", note: str = "",
    actor,
) -> SocialContact:
    values = _contact_values(name=name, relationship=relationship, phone=phone, note=note)
    with transaction.atomic():
        locked = SocialContact.objects.select_for_update().get(pk=contact.pk)
        changed = [field for field, value in values.items() if getattr(locked, field) != value]
        for field in changed:
            setattr(locked, field, values[field])
        locked.full_clean()
        if changed:
            locked.save(update_fields=changed)
    return locked


def social_contact_remove(*, contact: SocialContact, actor) -> None:
    with transaction.atomic():
        locked = SocialContact.objects.select_for_update().filter(pk=contact.pk).first()
        if locked is None:
            raise ActionRefused(_("This contact has already been removed."))
        locked.delete()
