"""Household and social contact pages. Thin: check access, validate, call one service, redirect.

Households are not residents, so a household URL answers 403 to anyone without the household
permission, whether it exists or not. URLs naming a membership or a contact name a record about
a resident: 404 when the resident or the record (comprehensive information) is hidden from the
user, 403 when it is visible but the action is not allowed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.households import selectors, services
from residents.households.forms import (
    ChangeHeadForm,
    HouseholdCreateForm,
    MemberAddForm,
    MembershipEndForm,
    MembershipMoveForm,
    SocialContactForm,
)
from residents.models import Relationship
from residents.people.classification import AGE_GROUP_LABELS, age_group
from residents.people.selectors import resident_for_user

PAGE_SIZE = 50
# Members and contacts are shown with basic information and the comprehensive record itself.
SHOWN_GROUPS = [FieldGroup.BASIC, FieldGroup.SENSITIVE]


def _log(request, residents, purpose: str) -> None:
    record_reads(
        actor=request.user, residents=list({r.pk: r for r in residents}.values()),
        field_groups=SHOWN_GROUPS, purpose=purpose, request=request,
    )


def _form_page(request, form, *, title: str, submit: str, cancel: str, intro: str = "",
               subject: list[tuple[str, str]] | None = None):
    return render(
        request,
        "residents/households/form_page.html",
        {"form": form, "title": title, "submit": submit, "cancel": cancel, "intro": intro,
         "subject": subject or []},
    )


# --- households ------------------------------------------------------------------------------


@require_GET
def household_list(request):
    require_perm(request.user, "residents.view_household")
    query = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.households_search(request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    households = list(page.object_list)
    heads = selectors.heads_of(request.user, households)
    _log(request, heads.values(), ReadPurpose.HOUSEHOLD_LIST)
    return render(
        request,
        "residents/households/household_list.html",
        {
            "page": page,
            "query": query,
            "rows": [(household, heads.get(household.pk)) for household in households],
            "can_add": request.user.has_perm("residents.add_household"),
        },
    )


def household_create(request):
    require_perm(request.user, "residents.add_household", "residents.add_householdmembership")
    form = HouseholdCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                number=form.cleaned_data["number"], address=form.cleaned_data["address"],
                head=form.cleaned_data["archive_number"],
                joined_on=form.cleaned_data["joined_on"], actor=request.user,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Household %(number)s was created.")
                             % {"number": household.number})
            return redirect("residents:household_detail", household_pk=household.pk)
    return _form_page(
        request, form, title=_("New household"), submit=_("Create the household"),
        cancel=reverse("residents:household_list"),
        intro=_("Name the head of household by archive number; add the other members on the "
                "household page."),
    )


def _member_view(row) -> dict:
    resident = row.resident
    group = age_group(resident.birth_date, year_only=row.policy.birth_year_only)
    return {
        "membership": row.membership,
        "resident": resident,
        "age_group": AGE_GROUP_LABELS[group],
        "is_head": row.membership.relationship == Relationship.HEAD,
    }


@require_GET
def household_detail(request, household_pk: int):
    require_perm(request.user, "residents.view_household")
    household = selectors.household_for_user(request.user, household_pk)
    current, former = selectors.household_members(request.user, household)
    _log(request, [row.resident for row in current + former], ReadPurpose.HOUSEHOLD_DETAIL)
    user = request.user
    return render(
        request,
        "residents/households/household_detail.html",
        {
            "household": household,
            "current": [_member_view(row) for row in current],
            "former": [_member_view(row) for row in former],
            "can_add": user.has_perm("residents.add_householdmembership"),
            "can_change": user.has_perm("residents.change_householdmembership"),
            "can_move": user.has_perm("residents.change_householdmembership")
            and user.has_perm("residents.add_householdmembership"),
            "can_see_contacts": user.has_perm("residents.view_socialcontact"),
        },
    )


def household_add_member(request, household_pk: int):
    require_perm(request.user, "residents.view_household", "residents.add_householdmembership")
    household = selectors.household_for_user(request.user, household_pk)
    has_head = selectors.household_has_head(household)
    form = MemberAddForm(request.POST or None, user=request.user, allow_head=not has_head)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_add_member(
                household=household, resident=form.cleaned_data["archive_number"],
                relationship=form.cleaned_data["relationship"],
                joined_on=form.cleaned_data["joined_on"], actor=request.user,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The member was added."))
            return redirect("residents:household_detail", household_pk=household.pk)
    return _form_page(
        request, form, title=_("Add a member to household %(number)s")
        % {"number": household.number},
        submit=_("Add the member"),
        cancel=reverse("residents:household_detail", args=[household.pk]),
        subject=[(_("Address"), household.address)],
        intro=_("A resident belongs to one household at a time; a member of another household "
                "is moved from that household's page."),
    )


def household_change_head(request, household_pk: int):
    require_perm(request.user, "residents.view_household", "residents.change_householdmembership")
    household = selectors.household_for_user(request.user, household_pk)
    current, _former = selectors.household_members(request.user, household)
    head = next((row for row in current if row.membership.relationship == Relationship.HEAD),
                None)
    candidates = [
        (row.membership.pk,
         f"{row.resident.name}（{row.membership.get_relationship_display()}）")
        for row in current if row.membership.relationship != Relationship.HEAD
    ]
    form = ChangeHeadForm(request.POST or None, candidates=candidates, has_head=head is not None)
    if request.method == "POST" and form.is_valid():
        new_head = next(row.membership for row in current
                        if row.membership.pk == form.cleaned_data["new_head"])
        try:
            services.household_change_head(
                household=household, new_head=new_head,
                former_head_relationship=form.cleaned_data.get(
                    "former_head_relationship", Relationship.OTHER
                ),
                actor=request.user,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The head of household was changed. Check the other "
                                        "members' relationships to the new head."))
            return redirect("residents:household_detail", household_pk=household.pk)
    _log(request, [row.resident for row in current], ReadPurpose.HOUSEHOLD_CHANGE_HEAD)
    subject = [(_("Address"), household.address)]
    if head is not None:
        subject.append((_("Current head"), head.resident.name))
    return _form_page(
        request, form,
        title=_("Change the head of household %(number)s") % {"number": household.number},
        submit=_("Change the head"),
        cancel=reverse("residents:household_detail", args=[household.pk]),
        subject=subject,
    )


# --- memberships -----------------------------------------------------------------------------


def _membership_subject(membership) -> list[tuple[str, str]]:
    return [
        (_("Member"), membership.resident.name),
        (_("Household"), f"{membership.household.number} · {membership.household.address}"),
        (_("Relationship to the head"), membership.get_relationship_display()),
        (_("Joined on"), membership.joined_on.isoformat()),
    ]


def membership_move(request, membership_pk: int):
    membership = selectors.membership_for_user(request.user, membership_pk)
    require_perm(
        request.user, "residents.view_household", "residents.change_householdmembership",
        "residents.add_householdmembership",
    )
    form = MembershipMoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.membership_move(
                membership=membership, to_household=form.cleaned_data["household_number"],
                relationship=form.cleaned_data["relationship"],
                moved_on=form.cleaned_data["moved_on"], actor=request.user,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The member was moved to household %(number)s.")
                             % {"number": moved.household.number})
            return redirect("residents:household_detail", household_pk=membership.household_id)
    _log(request, [membership.resident], ReadPurpose.MEMBERSHIP_MOVE)
    return _form_page(
        request, form, title=_("Move a member to another household"), submit=_("Move"),
        cancel=reverse("residents:household_detail", args=[membership.household_id]),
        subject=_membership_subject(membership),
        intro=_("The membership here ends on the day of the move and a new one starts in the "
                "other household; both stay in the history."),
    )


def membership_end(request, membership_pk: int):
    membership = selectors.membership_for_user(request.user, membership_pk)
    require_perm(request.user, "residents.view_household", "residents.change_householdmembership")
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership, left_on=form.cleaned_data["left_on"], actor=request.user
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The membership was ended; it stays in the history."))
            return redirect("residents:household_detail", household_pk=membership.household_id)
    _log(request, [membership.resident], ReadPurpose.MEMBERSHIP_END)
    return _form_page(
        request, form, title=_("End a membership"), submit=_("End the membership"),
        cancel=reverse("residents:household_detail", args=[membership.household_id]),
        subject=_membership_subject(membership),
    )


# --- social contacts -------------------------------------------------------------------------


def _contact_values(form) -> dict:
    return {field: form.cleaned_data[field] for field in ("name", "relationship", "phone", "note")}


def social_contact_list(request, pk: int):
    """A resident's main social contacts, with a form to add one."""
    resident = resident_for_user(request.user, pk)
    require_perm(request.user, "residents.view_socialcontact")
    if not policy_for(request.user, resident).can_see_group(FieldGroup.SENSITIVE):
        raise PermissionDenied
    can_add = request.user.has_perm("residents.add_socialcontact")
    form = SocialContactForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.social_contact_add(
                resident=resident, actor=request.user, **_contact_values(form)
            )
            messages.success(request, _("The contact was added."))
            return redirect("residents:social_contact_list", pk=resident.pk)
    _log(request, [resident], ReadPurpose.SOCIAL_CONTACTS)
    return render(
        request,
        "residents/households/contacts.html",
        {
            "resident": resident,
            "contacts": selectors.social_contacts_for_resident(request.user, resident),
            "memberships": selectors.memberships_of_resident(request.user, resident),
            "form": form,
            # Removing a contact changes the resident's contact list: the change permission.
            "can_change": request.user.has_perm("residents.change_socialcontact"),
            "can_see_households": request.user.has_perm("residents.view_household"),
        },
    )


def social_contact_edit(request, social_contact_pk: int):
    contact = selectors.social_contact_for_user(request.user, social_contact_pk)
    require_perm(request.user, "residents.view_socialcontact", "residents.change_socialcontact")
    initial = {field: getattr(contact, field) for field in ("name", "relationship", "phone",
                                                            "note")}
    form = SocialContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.social_contact_update(contact=contact, actor=request.user, **_contact_values(form))
        messages.success(request, _("The contact was saved."))
        return redirect("residents:social_contact_list", pk=contact.resident_id)
    _log(request, [contact.resident], ReadPurpose.SOCIAL_CONTACT_EDIT)
    return _form_page(
        request, form, title=_("Edit a social contact"), submit=_("Save"),
        cancel=reverse("residents:social_contact_list", args=[contact.resident_id]),
        subject=[(_("Resident"), contact.resident.name)],
    )


@require_POST
def social_contact_remove(request, social_contact_pk: int):
    contact = selectors.social_contact_for_user(request.user, social_contact_pk)
    require_perm(request.user, "residents.view_socialcontact", "residents.change_socialcontact")
    try:
        services.social_contact_remove(contact=contact, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The contact was removed."))
    return redirect("residents:social_contact_list", pk=contact.resident_id)
