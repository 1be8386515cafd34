"""Pages of service-window affairs: the catalogue (AFF-1), acceptance (AFF-2), the one-time
notice and the acceptance receipt (PRI-4), full acceptance once materials arrive, and the
affair panel of the case page.

Thin like casework/cases/views.py: check access, validate, call one service, say what
happened, redirect; a refusal shows next to its form with nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.affairs.forms import (
    AffairAcceptForm,
    AffairChooseForm,
    AffairItemChangeForm,
    AffairItemForm,
    MaterialsCompleteForm,
)
from casework.cases import selectors
from casework.cases.pages import case_page, slip_download
from casework.cases.picker import picked_initial, picked_resident
from casework.cases.purposes import CasePurpose
from casework.engine.services import missing_materials
from casework.engine.workflows import may_take
from casework.models import AffairItem, Case, CaseKind
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

VIEW_CATALOGUE = "casework.view_affairitem"
ADD_CATALOGUE = "casework.add_affairitem"
CHANGE_CATALOGUE = "casework.change_affairitem"
OPEN_CASE = "casework.add_case"
HANDLE_CASE = "casework.handle_case"


# The catalogue (AFF-1) ---------------------------------------------------------------------


@require_GET
def catalogue_list(request):
    require_perm(request.user, VIEW_CATALOGUE)
    items = list(AffairItem.objects.order_by("-is_active", "name"))
    return render(
        request,
        "casework/catalogue/catalogue_list.html",
        {
            "items": items,
            "offered_count": sum(item.is_active for item in items),
            "can_add": request.user.has_perm(ADD_CATALOGUE),
            "can_change": request.user.has_perm(CHANGE_CATALOGUE),
            "can_accept": request.user.has_perm(OPEN_CASE),
        },
    )


def _item_form_page(request, *, form, item: AffairItem | None):
    return render(
        request,
        "casework/catalogue/catalogue_form.html",
        {"form": form, "item": item},
    )


def _save_item(request, form, service):
    """Call the catalogue service; its field messages show next to the fields."""
    try:
        saved = service(**form.cleaned_data, actor=request.user)
    except ValidationError as invalid:
        form.add_error(None, invalid)
    except ActionRefused as refused:
        add_refusal(form, refused)
    else:
        return saved
    return None


@require_http_methods(["GET", "POST"])
def catalogue_add(request):
    require_perm(request.user, ADD_CATALOGUE)
    form = AffairItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = _save_item(request, form, catalogue_services.catalogue_item_add)
        if item is not None:
            messages.success(
                request, _("“%(name)s” was added to the catalogue.") % {"name": item.name}
            )
            return redirect("casework:catalogue_list")
    return _item_form_page(request, form=form, item=None)


@require_http_methods(["GET", "POST"])
def catalogue_edit(request, item_pk: int):
    require_perm(request.user, CHANGE_CATALOGUE)
    item = get_object_or_404(AffairItem, pk=item_pk)
    initial = {
        "name": item.name,
        "legal_basis": item.legal_basis,
        "materials": item.materials,
        "procedure": item.procedure,
        "time_limit_days": item.time_limit_days,
        "needs_second_review": item.needs_second_review,
        "reveals_status": item.reveals_status,
        "is_active": item.is_active,
        "department": item.department_id,
        "eligibility": item.eligibility,
        "initial_review_days": item.initial_review_days,
        "second_review_days": item.second_review_days,
        "approval_days": item.approval_days,
    }
    form = AffairItemChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_item(
            request, form,
            lambda **data: catalogue_services.catalogue_item_change(item=item, **data),
        )
        if saved is not None:
            messages.success(
                request, _("“%(name)s” was saved.") % {"name": saved.name}
            )
            return redirect("casework:catalogue_list")
    return _item_form_page(request, form=form, item=item)


# Acceptance (AFF-2) ------------------------------------------------------------------------


def _choose_page(request, form):
    resident = picked_resident(request)
    return render(
        request, "casework/affair/accept_choose.html",
        {"form": form, "resident_pk": resident.pk if resident else ""},
    )


def _accept_page(request, form, item: AffairItem):
    return render(request, "casework/affair/accept.html", {"form": form, "item": item})


@require_http_methods(["GET", "POST"])
def affair_accept(request):
    """Choose the affair, then fill in the resident, the applicant and the checklist."""
    require_perm(request.user, OPEN_CASE)
    if request.method == "GET":
        choose = AffairChooseForm(request.GET if "item" in request.GET else None)
        if not choose.is_valid():
            return _choose_page(request, choose)
        item = choose.cleaned_data["item"]
        # Opened from the resident's page or the resident picker: the resident is filled in.
        form = AffairAcceptForm(user=request.user, item=item, initial=picked_initial(request))
        return _accept_page(request, form, item)

    item = AffairItem.objects.filter(pk=_int(request.POST.get("item"))).first()
    if item is None:
        choose = AffairChooseForm({"item": request.POST.get("item", "")})
        choose.is_valid()
        return _choose_page(request, choose)
    form = AffairAcceptForm(request.POST, user=request.user, item=item)
    if form.is_valid():
        try:
            case = affair_services.affair_accept(**form.service_arguments(), actor=request.user)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            if case.status == affair_services.AWAITING_MATERIALS:
                message = _(
                    "Case %(number)s is registered and waits for materials: print the one-time "
                    "notice for the applicant."
                )
            else:
                message = _(
                    "Case %(number)s is accepted: print the acceptance receipt for the applicant."
                )
            messages.success(request, message % {"number": case.number})
            return redirect("casework:case_detail", pk=case.pk)
    return _accept_page(request, form, item)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The case page: full acceptance and the two prints ---------------------------------------


def _affair_for_user(request, pk: int):
    # Steps and prints: a restricted affair the user does not handle answers 403.
    case, policy = selectors.case_for_action(request.user, pk)
    if case.kind != CaseKind.AFFAIR:
        raise Http404
    return case, policy


@require_POST
def affair_materials_complete(request, pk: int):
    case, policy = _affair_for_user(request, pk)
    require_perm(request.user, HANDLE_CASE)
    form = MaterialsCompleteForm(request.POST, prefix="materials-complete")
    if form.is_valid():
        try:
            case = affair_services.affair_materials_complete(
                case=case, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                _("All materials are in: the case is accepted and is now due on %(date)s.")
                % {"date": case.due_on.strftime("%Y-%m-%d")},
            )
            return redirect("casework:case_detail", pk=case.pk)
    return case_page(request, case, policy, failed={"materials_complete": form})


def _print(request, pk: int, *, service, key: str, purpose: str):
    case, policy = _affair_for_user(request, pk)
    require_perm(request.user, affair_services.PRINT_PERMISSION)
    return slip_download(
        request, case, policy, key=key, purpose=purpose,
        print_slip=lambda reason: service(
            case=case, actor=request.user, policy=policy, reprint_reason=reason
        ),
    )


@require_POST
def affair_notice_print(request, pk: int):
    return _print(
        request, pk, service=affair_services.affair_notice_print, key="notice",
        purpose=CasePurpose.ONE_TIME_NOTICE,
    )


@require_POST
def affair_receipt_print(request, pk: int):
    return _print(
        request, pk, service=affair_services.affair_receipt_print, key="receipt",
        purpose=CasePurpose.ACCEPTANCE_RECEIPT,
    )


def affair_panel(request, case: Case, policy, failed: dict) -> dict:
    user = request.user
    missing = missing_materials(case)
    can_print = user.has_perm(affair_services.PRINT_PERMISSION)
    awaiting = case.status == affair_services.AWAITING_MATERIALS
    can_complete = may_take(user, case, "materials_complete")
    receipt_open = affair_services.receipt_refusal(case, missing) is None
    return {
        "item": case.affair_item,
        "missing": missing,
        "awaiting": awaiting,
        "accepted_on": affair_services.acceptance_date(case) if receipt_open else None,
        "complete_form": (
            failed.get("materials_complete")
            or MaterialsCompleteForm(prefix="materials-complete")
        ) if can_complete else None,
        "can_print_notice": can_print and affair_services.notice_refusal(case, missing) is None,
        "can_print_receipt": can_print and receipt_open,
        "notice_form": failed.get("notice"),
        "receipt_form": failed.get("receipt"),
    }
