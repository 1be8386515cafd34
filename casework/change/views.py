"""Pages of change requests and change notices (UPD-1 … UPD-5), and the change panel of the
case page: the fields with their values, the conflict warning, approval, re-basing and the
update confirmation slip.

Thin like casework/cases/views.py: check access, validate, call one service, say what
happened, redirect; a refusal shows next to its form with nothing saved. A resident or case
the user may not see answers 404; an action the user may not take answers 403.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework.cases import selectors
from casework.cases.pages import slip_download, submit
from casework.cases.purposes import CasePurpose
from casework.change import services as change_services
from casework.change.forms import (
    ChangeApproveForm,
    ChangeFieldsForm,
    ChangeNoticeForm,
    ChangeReasonForm,
    ChangeRebaseForm,
)
from casework.engine.services import four_eyes_refusal
from casework.engine.workflows import may_take, transition_for
from casework.models import Case, CaseKind, ChangeDeclaration
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.models import RegistrationStatus
from residents.people.selectors import resident_for_user

OPEN_CASE = "casework.add_case"
CHANGE_CASE = "casework.change_case"
VERIFY_CASE = "casework.verify_case"
HANDLE_CASE = "casework.handle_case"


def _resident_for_change(request, resident_pk: int):
    """The resident (404 if hidden) and the user's policy; 403 without the right to open."""
    resident = resident_for_user(request.user, resident_pk)
    require_perm(request.user, OPEN_CASE)
    policy = policy_for(request.user, resident)
    if not policy.can_change or resident.status != RegistrationStatus.VERIFIED:
        raise PermissionDenied
    return resident, policy


def _change_for_user(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    if case.kind != CaseKind.CHANGE:
        raise Http404
    return case, policy


def _read(request, resident, policy, purpose: str) -> None:
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=purpose, request=request,
    )


def _refuse(fields_form, form, refused: ActionRefused) -> None:
    # A refusal about a proposed value shows next to it; any other above the reason form.
    add_refusal(fields_form if refused.field in fields_form.fields else form, refused)


# The confirmation step: the clerk sees the typed values in full ------------------

CONFIRMATION_SALT = "casework.change.confirmation"
CONFIRMATION_MAX_AGE = 60 * 60
# Not part of what is confirmed: the CSRF token and the confirmation's own inputs.
_NOT_CONFIRMED = frozenset({"csrfmiddlewaretoken", "confirmation", "confirmed", "edit"})


def _typed_data(data) -> list[tuple[str, list[str]]]:
    return sorted((key, values) for key, values in data.lists() if key not in _NOT_CONFIRMED)


def _confirmation_claim(request, resident, data) -> dict:
    digest = hashlib.sha256(
        json.dumps(_typed_data(data), ensure_ascii=False).encode()
    ).hexdigest()
    return {"user": request.user.pk, "resident": resident.pk, "data": digest}


def _confirmation_token(request, resident, data) -> str:
    return signing.dumps(_confirmation_claim(request, resident, data), salt=CONFIRMATION_SALT)


def _confirmed(request, resident, data) -> bool:
    """Was exactly this data shown to this user on the confirmation step? A POST that skips
    the step, or changes a value after it, is shown the step (again) instead."""
    if not data.get("confirmed") or not data.get("confirmation"):
        return False
    try:
        signed = signing.loads(
            data["confirmation"], salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return signed == _confirmation_claim(request, resident, data)


def _shown_value(field, text: str) -> str:
    """A typed value as the clerk typed it, in full, with choices by their labels."""
    if text == "":
        return "—"
    choices = dict(getattr(field.field, "flatchoices", None) or ())
    if isinstance(field.field, forms.MultipleChoiceField):
        try:
            parts = json.loads(text)
        except ValueError:
            parts = [text]
        return "、".join(str(choices.get(part, part)) for part in parts)
    return str(choices.get(text, text))


def _confirmation_page(request, *, resident, policy, fields_form, reason_form, items, case):
    purpose = CasePurpose.CHANGE_CONFIRM if case else CasePurpose.CHANGE_OPEN
    _read(request, resident, policy, purpose)
    rows = [
        {
            "label": fields_form[field].label,
            "current": change_services.shown_text(policy, field, old, resident),
            "new": _shown_value(fields_form[field], new),
        }
        for field, old, new in items
    ]
    return render(
        request,
        "casework/change/request_confirm.html",
        {
            "resident": resident,
            "resident_name": policy.display_value(resident, "name"),
            "case": case,
            "rows": rows,
            "reason": reason_form.cleaned_data,
            "hidden": [
                (key, value) for key, values in _typed_data(request.POST) for value in values
            ],
            "confirmation": _confirmation_token(request, resident, request.POST),
        },
    )


def _review_or_submit(request, *, resident, policy, fields_form, reason_form, case, submit_it):
    """After a valid POST: the confirmation step, or (confirmed) the service `submit_it`.
    Returns the response, or None when a refusal must re-show the form with its errors."""
    if request.POST.get("edit"):
        return None
    try:
        items = change_services.change_preview(
            resident=resident, actor=request.user, proposed=fields_form.proposed()
        )
        if not _confirmed(request, resident, request.POST):
            return _confirmation_page(
                request, resident=resident, policy=policy, fields_form=fields_form,
                reason_form=reason_form, items=items, case=case,
            )
        return submit_it()
    except ActionRefused as refused:
        _refuse(fields_form, reason_form, refused)
        return None


# Opening a request (UPD-1) -----------------------------------------------------------------


def _request_page(request, *, resident, policy, fields_form, reason_form, case=None):
    purpose = CasePurpose.CHANGE_CONFIRM if case else CasePurpose.CHANGE_OPEN
    _read(request, resident, policy, purpose)
    return render(
        request,
        "casework/change/request_form.html",
        {
            "resident": resident,
            "resident_name": policy.display_value(resident, "name"),
            "fields_form": fields_form,
            "rows": fields_form.rows(),
            "reason_form": reason_form,
            "case": case,
        },
    )


@require_http_methods(["GET", "POST"])
def change_open(request, resident_pk: int):
    resident, policy = _resident_for_change(request, resident_pk)
    data = request.POST if request.method == "POST" else None
    fields_form = ChangeFieldsForm(data, policy=policy, instance=resident)
    reason_form = ChangeReasonForm(data)
    if data is not None and all([fields_form.is_valid(), reason_form.is_valid()]):

        def open_it():
            case = change_services.change_request_open(
                resident=resident, actor=request.user, proposed=fields_form.proposed(),
                **reason_form.service_arguments(),
            )
            messages.success(
                request,
                _("Change request %(number)s is opened: verify it against the documents.")
                % {"number": case.number},
            )
            return redirect("casework:case_detail", pk=case.pk)

        response = _review_or_submit(
            request, resident=resident, policy=policy, fields_form=fields_form,
            reason_form=reason_form, case=None, submit_it=open_it,
        )
        if response is not None:
            return response
    return _request_page(
        request, resident=resident, policy=policy, fields_form=fields_form,
        reason_form=reason_form,
    )


# Change notices (UPD-5) --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def change_notice_open(request, resident_pk: int):
    resident, policy = _resident_for_change(request, resident_pk)
    form = ChangeNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = change_services.change_notice_open(
                resident=resident, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                _("Change notice %(number)s is recorded: when the resident comes to the "
                  "window, confirm it with the new values.") % {"number": case.number},
            )
            return redirect("casework:case_detail", pk=case.pk)
    _read(request, resident, policy, CasePurpose.CHANGE_NOTICE)
    return render(
        request,
        "casework/change/notice_form.html",
        {
            "resident": resident,
            "resident_name": policy.display_value(resident, "name"),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def change_notice_confirm(request, pk: int):
    case, policy = _change_for_user(request, pk)
    require_perm(request.user, CHANGE_CASE)
    if not policy.can_change:
        raise PermissionDenied
    if case.status != change_services.NOTICED:
        messages.error(
            request,
            _("Case %(number)s is not a notice waiting for the resident.")
            % {"number": case.number},
        )
        return redirect("casework:case_detail", pk=case.pk)
    resident = case.resident
    data = request.POST if request.method == "POST" else None
    fields_form = ChangeFieldsForm(data, policy=policy, instance=resident)
    reason_form = ChangeReasonForm(data)
    if data is not None and all([fields_form.is_valid(), reason_form.is_valid()]):

        def confirm_it():
            change_services.change_notice_confirm(
                case=case, actor=request.user, proposed=fields_form.proposed(),
                **reason_form.service_arguments(),
            )
            messages.success(
                request,
                _("The resident confirmed: case %(number)s is now a change request; verify it "
                  "against the documents.") % {"number": case.number},
            )
            return redirect("casework:case_detail", pk=case.pk)

        response = _review_or_submit(
            request, resident=resident, policy=policy, fields_form=fields_form,
            reason_form=reason_form, case=case, submit_it=confirm_it,
        )
        if response is not None:
            return response
    return _request_page(
        request, resident=resident, policy=policy, fields_form=fields_form,
        reason_form=reason_form, case=case,
    )


# Special steps on the case page ----------------------------------------------------------


@require_POST
def change_approve(request, pk: int):
    case, policy = _change_for_user(request, pk)
    require_perm(request.user, HANDLE_CASE)
    return submit(
        request, case, policy, form=ChangeApproveForm(request.POST, prefix="change-approve"),
        key="change_approve",
        service=lambda **data: change_services.change_approve(
            case=case, actor=request.user, **data
        ),
        success=_("Approved and applied to the record: %(number)s. Print the update "
                  "confirmation slip for the resident to sign.") % {"number": case.number},
    )


@require_POST
def change_rebase(request, pk: int):
    case, policy = _change_for_user(request, pk)
    require_perm(request.user, VERIFY_CASE)
    return submit(
        request, case, policy, form=ChangeRebaseForm(request.POST, prefix="change-rebase"),
        key="change_rebase",
        service=lambda **data: change_services.change_rebase(
            case=case, actor=request.user, **data
        ),
        success=_("The request now starts from the current record: verify it again."),
    )


@require_POST
def change_slip_print(request, pk: int):
    case, policy = _change_for_user(request, pk)
    require_perm(request.user, change_services.PRINT_PERMISSION)
    return slip_download(
        request, case, policy, key="change_slip", purpose=CasePurpose.UPDATE_SLIP,
        print_slip=lambda reason: change_services.change_slip_print(
            case=case, actor=request.user, policy=policy, reprint_reason=reason
        ),
    )


# The panel of the case page ------------------------------------------------------------------


def _item_rows(case: Case, policy, conflict) -> list[dict]:
    resident = case.resident
    conflicting = set(conflict.fields) if conflict else set()
    rows = []
    for row in change_services.slip_rows(case, policy):
        field = row["field"]
        now = change_services.value_to_text(field, getattr(resident, field))
        rows.append({
            **row,
            "now": change_services.shown_text(policy, field, now, resident),
            "changed_since": field in conflicting,
        })
    return rows


def change_panel(request, case: Case, policy, failed: dict) -> dict:
    user = request.user
    if not case.resident_id:
        return {}
    pending = case.status in change_services.PENDING_STATUSES
    conflict = change_services.change_conflict(case, case.resident) if pending else None
    fields = list(case.change_items.values_list("field_name", flat=True))
    extra_permission = change_services.approval_permission(fields)
    manager_only = bool(extra_permission)
    may_approve = may_take(user, case, "approve")
    holds_permission = not extra_permission or user.has_perm(extra_permission)
    # Four eyes: the opener and the verifier see who may approve instead of the button.
    held = (
        four_eyes_refusal(case, transition_for(case, "approve"), user)
        if may_approve and holds_permission else None
    )
    can_approve = may_approve and holds_permission and held is None
    can_rebase = conflict is not None and may_take(user, case, "rebase")
    return {
        "rows": _item_rows(case, policy, conflict),
        "conflict": conflict,
        "manager_only": manager_only,
        "awaiting_manager": may_approve and not holds_permission,
        # Shown in place of the form: a refused crafted approval gets the same reason.
        "approve_held": held.message if held is not None else None,
        # A failed form always shows with its reason, even when the case has moved on.
        "approve_form": None if held is not None else failed.get("change_approve") or (
            ChangeApproveForm(prefix="change-approve") if can_approve else None
        ),
        "rebase_form": failed.get("change_rebase") or (
            ChangeRebaseForm(prefix="change-rebase") if can_rebase else None
        ),
        "can_confirm": case.status == change_services.NOTICED
        and may_take(user, case, "confirm") and policy.can_change,
        "can_print": case.status in change_services.PRINTABLE_STATUSES
        and user.has_perm(change_services.PRINT_PERMISSION),
        "print_form": failed.get("change_slip"),
        "reason": change_services.change_reason(case),
        "declaration": ChangeDeclaration.objects.filter(case=case).first(),
    }
