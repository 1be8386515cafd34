"""The pages every kind of case shares: the list, the case page with its steps, the plain
step form, materials, feedback, return visits, escalation, signed slips, and the work lists.

Thin like residents/people/views.py: check access, validate, call one service, say what happened,
redirect; a refused step re-renders the case page with the reason next to the form. A case
the user may not see answers 404; a visible one whose action is not allowed answers 403.
Every page read-logs the residents (or applicants) it shows.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.cases import selectors
from casework.cases.forms import (
    CaseFilterForm,
    CaseSlipSignedForm,
    EscalateForm,
    FeedbackForm,
    PrintForm,
    ReturnVisitForm,
    StepForm,
)
from casework.cases.panels import panel_context
from casework.cases.pdf import case_slip_filename, case_slip_mark_signed
from casework.cases.purposes import CasePurpose
from casework.cases.reads import record_case_reads
from casework.engine import services
from casework.engine.workflows import CLOSED_STATUSES, WAITING_STATUSES, transitions_from
from casework.models import Case, CaseKind
from casework.workdays.deadlines import (
    add_working_days,
    calendar_exceptions,
    working_days_between,
)
from residents.access.fields import FieldGroup
from residents.access.policy import policies_for
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

PAGE_SIZE = 50
VIEW = "casework.view_case"


def due_states(cases: list[Case]) -> dict[int, dict]:
    """How each case stands against its time limit, in working days: one calendar query and
    one due-soon horizon for the whole page."""
    today = timezone.localdate()
    horizon = add_working_days(today, selectors.DUE_SOON_WORKING_DAYS)
    running = [c for c in cases if c.status not in CLOSED_STATUSES | WAITING_STATUSES]
    dates = [today, *(c.due_on for c in running)]
    exceptions = calendar_exceptions(min(dates), max(dates))
    states = {
        c.pk: {"state": "waiting" if c.status in WAITING_STATUSES else "finished", "days": 0}
        for c in cases
    }
    for c in running:
        if c.due_on < today:
            days = working_days_between(c.due_on, today, exceptions)
            states[c.pk] = {"state": "overdue", "days": days}
        else:
            days = working_days_between(today, c.due_on, exceptions)
            states[c.pk] = {"state": "due_soon" if c.due_on <= horizon else "on_time", "days": days}
    return states


def _rows(cases: list[Case], user) -> tuple[list[dict], dict]:
    residents = [c.resident for c in cases if c.resident_id]
    policies = policies_for(user, residents)
    due = due_states(cases)
    return [
        {
            "case": c,
            "resident_name": policies[c.resident.pk].display_value(c.resident, "name")
            if c.resident_id else None,
            "due": due[c.pk],
        }
        for c in cases
    ], policies


def _list_page(request, queryset, *, template: str, purpose: str, extra: dict | None = None):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    rows, _policies = _rows(cases, request.user)
    # A row shows the resident's name only, as on the resident list.
    record_case_reads(request, cases, [FieldGroup.BASIC], purpose=purpose)
    return render(request, template, {"page": page, "rows": rows, **(extra or {})})


@require_GET
def case_list(request):
    require_perm(request.user, VIEW)
    form = CaseFilterForm(request.GET or None)
    cases = selectors.cases_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            cases = cases.filter(Q(number__iexact=data["q"]) | Q(subject__icontains=data["q"]))
        if data["kind"]:
            cases = cases.filter(kind=data["kind"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        due = {
            "overdue": selectors.overdue_cases,
            "due_soon": selectors.due_soon_cases,
            "open": selectors.open_cases,
        }.get(data["due"])
        if due:
            cases = cases.filter(pk__in=due(request.user).values("pk"))
    return _list_page(
        request, cases, template="casework/case_list.html", purpose=CasePurpose.CASE_LIST,
        extra={"form": form, "can_open": request.user.has_perm("casework.add_case")},
    )


def _step_forms(transitions, user, failed: dict) -> list[dict]:
    forms = []
    for transition in transitions:
        if transition.special or not user.has_perm(transition.permission):
            continue
        form = failed.get(("step", transition.action)) or StepForm(
            initial={"action": transition.action}, prefix=f"step-{transition.action}"
        )
        forms.append({"transition": transition, "form": form})
    return forms


def case_page(request, case: Case, policy, *, failed: dict | None = None, status: int = 200):
    """The case page; `failed` holds a bound form whose errors must show next to it."""
    failed = failed or {}
    user = request.user
    record_case_reads(request, [case], policy.shown_groups(), purpose=CasePurpose.CASE_DETAIL)
    can_handle = user.has_perm("casework.handle_case")
    open_case = case.status not in CLOSED_STATUSES
    next_actions = {t.action for t in transitions_from(case)} if can_handle else set()
    step_forms = _step_forms(transitions_from(case), user, failed)
    offered = {id(item["form"]) for item in step_forms}
    context = {
        "case": case,
        "policy": policy,
        "resident_name": policy.display_value(case.resident, "name") if case.resident_id else None,
        "due": due_states([case])[case.pk],
        "steps": case.steps.select_related("actor"),
        "materials": case.materials.all(),
        "slips": case.slips.select_related("printed_by", "signed_recorded_by"),
        "return_visits": case.return_visits.select_related("visited_by"),
        "step_forms": step_forms,
        # A refused step the page no longer offers (the status moved on, the user lacks the
        # permission, or the step is special) still shows its reason.
        "refusals": [
            error
            for key, form in failed.items()
            if isinstance(key, tuple) and id(form) not in offered
            for error in form.non_field_errors()
        ],
        "can_receive": open_case and user.has_perm("casework.change_case"),
        "can_sign": user.has_perm("casework.change_case"),
        "sign_form": failed.get("sign") or CaseSlipSignedForm(),
        # A failed form always shows with its errors, even when the case has moved on.
        "feedback_form": failed.get("feedback")
        or (FeedbackForm() if "give_feedback" in next_actions else None),
        "escalate_form": failed.get("escalate")
        or (EscalateForm() if "escalate" in next_actions else None),
        "return_visit_form": failed.get("return_visit") or (
            ReturnVisitForm() if can_handle and services.awaits_return_visit(case) else None
        ),
        "panel": panel_context(request, case, policy, failed),
        "panel_template": f"casework/panels/{case.kind}.html",
    }
    return render(request, "casework/case_detail.html", context, status=status)


def slip_download(request, case: Case, policy, *, print_slip, key: str, purpose: str | None):
    """Answer a print of one of the case's slips with the PDF, read-logged with what the
    printing user may see (`purpose` None: the kind's service logs the read itself); a refusal
    shows next to its button on the case page (`key`)."""
    form = PrintForm(request.POST)
    try:
        slip, pdf = print_slip()
    except ActionRefused as refused:
        add_refusal(form, refused)
        return case_page(request, case, policy, failed={key: form})
    if purpose:
        record_case_reads(
            request, [case], policy.shown_groups(), purpose=purpose,
            extra={"slip": slip.verification_code},
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case_slip_filename(slip)}"'
    return response


@require_GET
def case_detail(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    return case_page(request, case, policy)


def _done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect("casework:case_detail", pk=case.pk)


def submit(request, case: Case, policy, *, form, key, service, success: str):
    """Validate, call the service; a refusal shows next to the form on the case page."""
    if form.is_valid():
        try:
            service(**form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            return _done(request, case, success)
    return case_page(request, case, policy, failed={key: form})


@require_POST
def case_act(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    action = request.POST.get("action", "")
    form = StepForm(request.POST, prefix=f"step-{action}")
    if not form.is_valid():
        return case_page(request, case, policy, failed={("step", action): form})
    action = form.cleaned_data["action"]
    try:
        services.case_act(
            case=case, action=action, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ActionRefused as refused:
        add_refusal(form, refused)
        return case_page(request, case, policy, failed={("step", action): form})
    return _done(request, case, _("The step is recorded."))


@require_POST
def material_receive(request, pk: int, material_pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    require_perm(request.user, "casework.change_case")
    material = case.materials.filter(pk=material_pk).first()
    if material is None:
        raise PermissionDenied
    try:
        services.case_material_receive(case=case, material=material, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("casework:case_detail", pk=case.pk)
    return _done(request, case, _("The material is recorded as received."))


@require_POST
def case_feedback(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    return submit(
        request, case, policy, form=FeedbackForm(request.POST), key="feedback",
        service=lambda **data: services.case_feedback(case=case, actor=request.user, **data),
        success=_("The feedback to the applicant is recorded."),
    )


@require_POST
def complaint_escalate(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    if case.kind != CaseKind.COMPLAINT:
        raise PermissionDenied
    return submit(
        request, case, policy, form=EscalateForm(request.POST), key="escalate",
        service=lambda **data: services.complaint_escalate(case=case, actor=request.user, **data),
        success=_("The escalation is recorded."),
    )


@require_POST
def return_visit(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    return submit(
        request, case, policy, form=ReturnVisitForm(request.POST), key="return_visit",
        service=lambda **data: services.return_visit_record(
            case=case, actor=request.user, **data
        ),
        success=_("The return visit is recorded."),
    )


@require_POST
def slip_sign(request, slip_pk: int):
    slip = selectors.case_slip_for_user(request.user, slip_pk)
    require_perm(request.user, "casework.change_case")
    case, policy = selectors.case_for_user(request.user, slip.case_id)
    return submit(
        request, case, policy, form=CaseSlipSignedForm(request.POST), key="sign",
        service=lambda **data: case_slip_mark_signed(slip=slip, actor=request.user, **data),
        success=_("The slip is recorded as signed."),
    )


# Work lists (AFF-4, AFF-6) -----------------------------------------------------------------


@require_GET
def worklist_due(request):
    require_perm(request.user, VIEW)
    which = "overdue" if request.GET.get("which") != "due_soon" else "due_soon"
    queryset = (
        selectors.overdue_cases(request.user) if which == "overdue"
        else selectors.due_soon_cases(request.user)
    )
    return _list_page(
        request, queryset, template="casework/worklist_due.html",
        purpose=CasePurpose.WORKLIST_CASES_DUE,
        extra={"which": which, "soon_days": selectors.DUE_SOON_WORKING_DAYS},
    )


@require_GET
def worklist_return_visits(request):
    require_perm(request.user, VIEW)
    return _list_page(
        request, selectors.cases_awaiting_return_visit(request.user),
        template="casework/worklist_return_visits.html", purpose=CasePurpose.WORKLIST_RETURN_VISITS,
    )
