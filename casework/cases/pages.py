"""The case page every kind shares, and the helpers each kind's views build on: taking a
form's step through a service, downloading a printed slip, and the time-limit states of cases.

Kept apart from the views so that each kind's views import helpers, never another view module.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases import selectors
from casework.cases.forms import (
    CaseSlipSignedForm,
    EscalateForm,
    FeedbackForm,
    PrintForm,
    ReturnVisitForm,
    StepForm,
)
from casework.cases.panels import page_extras, panel_context
from casework.cases.pdf import case_slip_filename
from casework.cases.purposes import CasePurpose
from casework.cases.reads import record_case_reads
from casework.cases.sensitivity import shown_subject
from casework.duties.forms import ReassignForm
from casework.duties.rules import pending_duty
from casework.engine import services
from casework.engine.next_steps import next_step_lines
from casework.engine.workflows import CLOSED_STATUSES, WAITING_STATUSES, transitions_from
from casework.models import Case, ReviewDutyKind
from casework.workdays.deadlines import (
    add_working_days,
    calendar_exceptions,
    working_days_between,
)
from residents.access.policy import may_see_record, record_group
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal


def next_deadline(case: Case):
    """The nearer of the case's due date and its current step's (AFF-8)."""
    return min(filter(None, (case.step_due_on, case.due_on)))


def due_states(cases: list[Case]) -> dict[int, dict]:
    """How each case stands against its next deadline (its current step's or its own), in
    working days: one calendar query and one due-soon horizon for the whole page."""
    today = timezone.localdate()
    horizon = add_working_days(today, selectors.DUE_SOON_WORKING_DAYS)
    running = [c for c in cases if c.status not in CLOSED_STATUSES | WAITING_STATUSES]
    dates = [today, *(next_deadline(c) for c in running)]
    exceptions = calendar_exceptions(min(dates), max(dates))
    states = {
        c.pk: {
            "state": "waiting" if c.status in WAITING_STATUSES else "finished", "days": 0,
            "date": c.due_on, "step": False,
        }
        for c in cases
    }
    for c in running:
        deadline = next_deadline(c)
        step = deadline < c.due_on
        if deadline < today:
            days = working_days_between(deadline, today, exceptions)
            states[c.pk] = {"state": "overdue", "days": days, "date": deadline, "step": step}
        else:
            days = working_days_between(today, deadline, exceptions)
            states[c.pk] = {
                "state": "due_soon" if deadline <= horizon else "on_time", "days": days,
                "date": deadline, "step": step,
            }
    return states


def step_label(case: Case) -> str:
    """What the step the case stands on is (AFF-8): the review it waits for, or handling."""
    duty = pending_duty(case)
    if duty == "initial_review":
        return str(_("Initial review"))
    if duty:
        return str(ReviewDutyKind(duty).label)
    return str(_("Handling at the window"))


def _step_forms(case: Case, user, failed: dict) -> tuple[list[dict], list[str]]:
    """The plain steps the user may take now, and why the review steps the user holds the
    permission for but may not take (four eyes) are left to someone else."""
    forms, held = [], []
    for transition in transitions_from(case):
        if transition.special or not user.has_perm(transition.permission):
            continue
        refused = services.review_refusal(case, transition, user)
        if refused is not None:
            held.append(refused.message)
            continue
        form = failed.get(("step", transition.action)) or StepForm(
            initial={"action": transition.action}, prefix=f"step-{transition.action}"
        )
        forms.append({"transition": transition, "form": form})
    return forms, held


def case_page(request, case: Case, policy, *, failed: dict | None = None, status: int = 200):
    """The case page; `failed` holds a bound form whose errors must show next to it.

    A case whose details the user may not see (`residents.access.policy.may_see_record`)
    gets the restricted page: that it exists, where it stands, and nothing else.
    """
    failed = failed or {}
    user = request.user
    if not may_see_record(user, policy, case):
        return _restricted_page(request, case, policy, status=status)
    groups = set(policy.shown_groups()) | {str(record_group(case))}
    record_case_reads(request, [case], sorted(groups), purpose=CasePurpose.CASE_DETAIL)
    can_handle = user.has_perm("casework.handle_case")
    open_case = case.status not in CLOSED_STATUSES
    next_actions = {t.action for t in transitions_from(case)} if can_handle else set()
    step_forms, held_steps = _step_forms(case, user, failed)
    offered = {id(item["form"]) for item in step_forms}
    # A refused step the page no longer offers (the status moved on, the user lacks the
    # permission, the step is special, or is someone else's to take) still shows its reason.
    refusals = [
        error
        for key, form in failed.items()
        if isinstance(key, tuple) and id(form) not in offered
        for error in form.non_field_errors()
    ]
    context = {
        "case": case,
        "policy": policy,
        "resident_name": policy.display_value(case.resident, "name") if case.resident_id else None,
        "due": due_states([case])[case.pk],
        "steps": case.steps.select_related("actor"),
        "materials": case.materials.all(),
        "slips": case.slips.select_related("printed_by", "signed_recorded_by"),
        # A slip printed before is printed again only with a reason (its form asks for it).
        "printed_kinds": set(case.slips.values_list("kind", flat=True)),
        "return_visits": case.return_visits.select_related("visited_by"),
        "step_forms": step_forms,
        "held_steps": [message for message in held_steps if message not in refusals],
        "refusals": refusals,
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
        "reassign_form": failed.get("reassign") or (
            ReassignForm(prefix="reassign")
            if open_case and user.has_perm("casework.assign_case") else None
        ),
        "step_owner_label": step_label(case),
        "next_step_lines": next_step_lines(case, user),
        "step_overdue": bool(case.step_due_on and case.step_due_on < timezone.localdate()),
        "panel_template": f"casework/panels/{case.kind}.html",
        "extras": page_extras(request, case, policy),
    }
    return render(request, "casework/case_detail.html", context, status=status)


def _restricted_page(request, case: Case, policy, *, status: int):
    """No subject, details, materials, panel, steps' reasons, slips or forms: only the case's
    number, kind, status and time limit, the resident's name and who opened it."""
    record_case_reads(request, [case], policy.shown_groups(), purpose=CasePurpose.CASE_DETAIL)
    context = {
        "case": case,
        "subject": shown_subject(case, False),
        "resident_name": policy.display_value(case.resident, "name") if case.resident_id else None,
        "due": due_states([case])[case.pk],
        "next_step_lines": next_step_lines(case),
    }
    return render(request, "casework/case_restricted.html", context, status=status)


def slip_download(
    request, case: Case, policy, *, print_slip, key: str, purpose: str | None, form=None
):
    """Answer a print of one of the case's slips with the PDF, read-logged with what the
    printing user may see (`purpose` None: the kind's service logs the read itself); a refusal
    shows next to its button on the case page (`key`), or next to the field it names when the
    print step has a form of its own (`form`, already validated)."""
    form = form if form is not None else PrintForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, policy, failed={key: form})
    try:
        slip, pdf = print_slip(form.cleaned_data.get("reprint_reason", ""))
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


def done(request, case: Case, message: str):
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
            return done(request, case, success)
    return case_page(request, case, policy, failed={key: form})
