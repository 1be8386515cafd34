"""Pages of the special registers (CLS-3) and their morning work lists.

Thin like residents/people/views.py: check access, validate, call one service in
residents/registers/services.py, say what happened, redirect. Seeing a register follows the
field policy (hardship: comprehensive information; key persons: the key-person group, which
managers and comprehensive-scope grants hold); changing it needs the model permission.
A resident or record the user may not see answers 404; a visible one whose action is not
allowed answers 403. Every page read-logs the residents it shows.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.models import HardshipKind, KeyPersonCategory
from residents.people import selectors as people
from residents.registers import selectors, services
from residents.registers.forms import (
    EntryEndForm,
    HardshipEntryForm,
    HelpLedgerForm,
    KeyPersonEntryForm,
    KeyPersonVisitForm,
    ReviewDoneForm,
)

PAGE_SIZE = 50


def _read(request, residents, groups, purpose: str) -> None:
    unique = list({resident.pk: resident for resident in residents}.values())
    record_reads(
        actor=request.user, residents=unique, field_groups=[str(g) for g in groups],
        purpose=purpose, request=request,
    )


def _submit(request, form, service, success: str):
    """Validate, call the service with the form's data; errors go next to their fields.

    Returns what the service returned, or None when nothing was saved.
    """
    if not form.is_valid():
        return None
    try:
        result = service(**form.cleaned_data)
    except ValidationError as invalid:
        form.add_error(None, invalid)
        return None
    except ActionRefused as refused:
        add_refusal(form, refused)
        return None
    messages.success(request, success)
    return result


# Per resident -----------------------------------------------------------------------------


@require_GET
def resident_registers(request, pk: int):
    resident = people.resident_for_user(request.user, pk)
    policy = policy_for(request.user, resident)
    sees_hardship = policy.can_see_group(FieldGroup.SENSITIVE)
    sees_key_person = policy.can_see_group(FieldGroup.KEY_PERSON)
    if not (sees_hardship or sees_key_person):
        raise PermissionDenied
    today = timezone.localdate()
    hardship = [
        {
            "entry": entry,
            "current": entry.is_current(today),
            "review_overdue": (
                entry.is_current(today) and selectors.is_overdue(entry.review_date, today)
            ),
        }
        for entry in selectors.hardship_entries_for(request.user, resident, policy)
    ]
    key_persons = [
        {
            "entry": entry,
            "current": entry.is_current(today),
            "schedule": selectors.visit_schedule(entry, today),
        }
        for entry in selectors.key_person_entries_for(request.user, resident, policy)
    ]
    groups = [FieldGroup.BASIC]
    groups += [FieldGroup.SENSITIVE] if sees_hardship else []
    groups += [FieldGroup.KEY_PERSON] if sees_key_person else []
    _read(request, [resident], groups, ReadPurpose.RESIDENT_REGISTERS)
    user = request.user
    return render(
        request,
        "residents/registers/resident_registers.html",
        {
            "resident": resident,
            "sees_hardship": sees_hardship,
            "sees_key_person": sees_key_person,
            "hardship_entries": hardship,
            "key_person_entries": key_persons,
            "can_add_hardship": sees_hardship and user.has_perm("residents.add_hardshipentry"),
            "can_add_key_person": sees_key_person
            and user.has_perm("residents.add_keypersonentry"),
        },
    )


def _entry_create(request, pk: int, *, group, perm, form_class, create, title, purpose, detail):
    resident = people.resident_for_user(request.user, pk)
    if not policy_for(request.user, resident).can_see_group(group):
        raise PermissionDenied
    require_perm(request.user, perm)
    form = form_class(request.POST or None)
    if request.method == "POST":
        service = partial(create, resident=resident, actor=request.user)
        entry = _submit(request, form, service, _("The register entry was saved."))
        if entry is not None:
            return redirect(detail, entry.pk)
    _read(request, [resident], [FieldGroup.BASIC], purpose)
    return render(
        request,
        "residents/registers/entry_form.html",
        {"resident": resident, "form": form, "title": title},
    )


def hardship_create(request, pk: int):
    return _entry_create(
        request, pk, group=FieldGroup.SENSITIVE, perm="residents.add_hardshipentry",
        form_class=HardshipEntryForm, create=services.hardship_create,
        title=_("Add a hardship register entry"), purpose=ReadPurpose.HARDSHIP_CREATE,
        detail="residents:hardship_detail",
    )


def key_person_create(request, pk: int):
    return _entry_create(
        request, pk, group=FieldGroup.KEY_PERSON, perm="residents.add_keypersonentry",
        form_class=KeyPersonEntryForm, create=services.key_person_create,
        title=_("Add a key person register entry"), purpose=ReadPurpose.KEY_PERSON_CREATE,
        detail="residents:key_person_detail",
    )


# Hardship entry ---------------------------------------------------------------------------


def _hardship_page(request, entry, *, end_form=None, review_form=None, help_form=None):
    user = request.user
    current = entry.is_current()
    can_change = current and user.has_perm("residents.change_hardshipentry")
    _read(
        request, [entry.resident], [FieldGroup.BASIC, FieldGroup.SENSITIVE],
        ReadPurpose.HARDSHIP_ENTRY,
    )
    return render(
        request,
        "residents/registers/hardship_detail.html",
        {
            "entry": entry,
            "resident": entry.resident,
            "current": current,
            "review_overdue": current and selectors.is_overdue(entry.review_date),
            "ledger": selectors.help_ledger_of(entry),
            "can_change": can_change,
            "can_add_help": current and user.has_perm("residents.add_helpledgerentry"),
            "end_form": end_form or EntryEndForm(),
            "review_form": review_form or ReviewDoneForm(),
            "help_form": help_form or HelpLedgerForm(),
        },
    )


@require_GET
def hardship_detail(request, hardship_pk: int):
    entry, _policy = selectors.hardship_entry_for_user(request.user, hardship_pk)
    return _hardship_page(request, entry)


@require_POST
def hardship_end(request, hardship_pk: int):
    entry, _policy = selectors.hardship_entry_for_user(request.user, hardship_pk)
    require_perm(request.user, "residents.change_hardshipentry")
    form = EntryEndForm(request.POST)
    service = partial(services.hardship_end, entry=entry, actor=request.user)
    if _submit(request, form, service, _("The entry was ended.")):
        return redirect("residents:hardship_detail", entry.pk)
    return _hardship_page(request, entry, end_form=form)


@require_POST
def hardship_review(request, hardship_pk: int):
    entry, _policy = selectors.hardship_entry_for_user(request.user, hardship_pk)
    require_perm(request.user, "residents.change_hardshipentry")
    form = ReviewDoneForm(request.POST)
    service = partial(services.hardship_review, entry=entry, actor=request.user)
    if _submit(request, form, service, _("The review was recorded.")):
        return redirect("residents:hardship_detail", entry.pk)
    return _hardship_page(request, entry, review_form=form)


@require_POST
def help_ledger_add(request, hardship_pk: int):
    entry, _policy = selectors.hardship_entry_for_user(request.user, hardship_pk)
    require_perm(request.user, "residents.add_helpledgerentry")
    form = HelpLedgerForm(request.POST)
    service = partial(services.help_ledger_add, hardship=entry, actor=request.user)
    if _submit(request, form, service, _("The help was added to the ledger.")):
        return redirect("residents:hardship_detail", entry.pk)
    return _hardship_page(request, entry, help_form=form)


# Key-person entry -------------------------------------------------------------------------


def _key_person_page(request, entry, *, end_form=None, review_form=None, visit_form=None):
    user = request.user
    current = entry.is_current()
    _read(
        request, [entry.resident], [FieldGroup.BASIC, FieldGroup.KEY_PERSON],
        ReadPurpose.KEY_PERSON_ENTRY,
    )
    return render(
        request,
        "residents/registers/key_person_detail.html",
        {
            "entry": entry,
            "resident": entry.resident,
            "current": current,
            "schedule": selectors.visit_schedule(entry),
            "review_overdue": current and selectors.is_overdue(entry.review_date),
            "visits": selectors.visits_of(entry),
            "can_change": current and user.has_perm("residents.change_keypersonentry"),
            "can_visit": current and user.has_perm("residents.add_keypersonvisit"),
            "end_form": end_form or EntryEndForm(),
            "review_form": review_form or ReviewDoneForm(),
            "visit_form": visit_form or KeyPersonVisitForm(),
        },
    )


@require_GET
def key_person_detail(request, key_person_pk: int):
    entry, _policy = selectors.key_person_entry_for_user(request.user, key_person_pk)
    return _key_person_page(request, entry)


@require_POST
def key_person_end(request, key_person_pk: int):
    entry, _policy = selectors.key_person_entry_for_user(request.user, key_person_pk)
    require_perm(request.user, "residents.change_keypersonentry")
    form = EntryEndForm(request.POST)
    service = partial(services.key_person_end, entry=entry, actor=request.user)
    if _submit(request, form, service, _("The entry was ended.")):
        return redirect("residents:key_person_detail", entry.pk)
    return _key_person_page(request, entry, end_form=form)


@require_POST
def key_person_review(request, key_person_pk: int):
    entry, _policy = selectors.key_person_entry_for_user(request.user, key_person_pk)
    require_perm(request.user, "residents.change_keypersonentry")
    form = ReviewDoneForm(request.POST)
    service = partial(services.key_person_review, entry=entry, actor=request.user)
    if _submit(request, form, service, _("The review was recorded.")):
        return redirect("residents:key_person_detail", entry.pk)
    return _key_person_page(request, entry, review_form=form)


@require_POST
def key_person_visit(request, key_person_pk: int):
    entry, _policy = selectors.key_person_entry_for_user(request.user, key_person_pk)
    require_perm(request.user, "residents.add_keypersonvisit")
    form = KeyPersonVisitForm(request.POST)
    service = partial(services.key_person_visit_record, entry=entry, actor=request.user)
    if _submit(request, form, service, _("The visit was recorded.")):
        return redirect("residents:key_person_detail", entry.pk)
    return _key_person_page(request, entry, visit_form=form)


# Work lists -------------------------------------------------------------------------------


def _choice(request, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in dict(choices) else ""


@require_GET
def worklist_key_person_visits(request):
    if not policy_for(request.user).can_see_group(FieldGroup.KEY_PERSON):
        raise PermissionDenied
    category = _choice(request, "category", KeyPersonCategory.choices)
    entries = selectors.overdue_key_person_visits(request.user, category=category)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(entry, selectors.visit_schedule(entry, today)) for entry in page.object_list]
    _read(
        request, [entry.resident for entry, _s in rows],
        [FieldGroup.BASIC, FieldGroup.KEY_PERSON], ReadPurpose.WORKLIST_KEY_PERSON_VISITS,
    )
    return render(
        request,
        "residents/registers/worklist_key_person_visits.html",
        {
            "page": page,
            "rows": rows,
            "filter_name": "category",
            "filter_value": category,
            "export_filters": {"category": category} if category else {},
            "choices": KeyPersonCategory.choices,
        },
    )


@require_GET
def worklist_hardship_reviews(request):
    if not policy_for(request.user).can_see_group(FieldGroup.SENSITIVE):
        raise PermissionDenied
    kind = _choice(request, "kind", HardshipKind.choices)
    entries = selectors.hardship_reviews_due(request.user, kind=kind)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "entry": entry,
            "overdue": selectors.is_overdue(entry.review_date, today),
            "days": abs((entry.review_date - today).days),
        }
        for entry in page.object_list
    ]
    _read(
        request, [row["entry"].resident for row in rows],
        [FieldGroup.BASIC, FieldGroup.SENSITIVE], ReadPurpose.WORKLIST_HARDSHIP_REVIEWS,
    )
    return render(
        request,
        "residents/registers/worklist_hardship_reviews.html",
        {
            "page": page,
            "rows": rows,
            "within_days": settings.REVIEW_DUE_WITHIN_DAYS,
            "filter_name": "kind",
            "filter_value": kind,
            "export_filters": {"kind": kind} if kind else {},
            "choices": HardshipKind.choices,
        },
    )
