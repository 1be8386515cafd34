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
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.cases import picker, selectors
from casework.cases.filters import FILTER_NAMES, cases_matching
from casework.cases.forms import (
    CaseSlipSignedForm,
    EscalateForm,
    FeedbackForm,
    ReturnVisitForm,
    StepForm,
)
from casework.cases.pages import case_page, done, due_states, submit
from casework.cases.pdf import case_slip_mark_signed
from casework.cases.purposes import CasePurpose
from casework.cases.reads import record_case_reads
from casework.cases.sensitivity import case_group, details_visible, shown_subject
from casework.engine import services
from casework.engine.workflows import status_label
from casework.models import Case, CaseKind
from residents.access.fields import FieldGroup
from residents.access.policy import policies_for
from residents.audit.log import record_search
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.documents.responses import document_response
from residents.exports.lists import clean_filters
from residents.models import RegistrationStatus
from residents.people.filters import residents_matching

PAGE_SIZE = 50
VIEW = "casework.view_case"


def _rows(cases: list[Case], user) -> tuple[list[dict], dict]:
    residents = [c.resident for c in cases if c.resident_id]
    policies = policies_for(user, residents)
    due = due_states(cases)
    visible = details_visible(user, cases, policies)
    return [
        {
            "case": c,
            # A restricted affair the user does not handle: a neutral label, not its item.
            "subject": shown_subject(c, visible[c.pk]),
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
    form, cases = cases_matching(request.user, request.GET)
    return _list_page(
        request, cases, template="casework/case_list.html", purpose=CasePurpose.CASE_LIST,
        extra={
            "form": form,
            "can_open": request.user.has_perm("casework.add_case"),
            "export_filters": clean_filters(request.GET, FILTER_NAMES),
        },
    )


@require_GET
def case_detail(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    return case_page(request, case, policy)


@require_POST
def case_act(request, pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    action = request.POST.get("action", "")
    form = StepForm(request.POST, prefix=f"step-{action}")
    if not form.is_valid():
        return case_page(request, case, policy, failed={("step", action): form})
    action = form.cleaned_data["action"]
    try:
        moved = services.case_act(
            case=case, action=action, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ActionRefused as refused:
        add_refusal(form, refused)
        return case_page(request, case, policy, failed={("step", action): form})
    # Says what happened: the status the step led to, and which case (e.g. 已批准：BG-…).
    return done(
        request, case,
        _("%(status)s: %(number)s") % {
            "status": status_label(moved.status), "number": moved.number
        },
    )


@require_POST
def material_receive(request, pk: int, material_pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    require_perm(request.user, "casework.change_case")
    material = case.materials.filter(pk=material_pk).first()
    if material is None:
        raise PermissionDenied
    scan = request.FILES.get("scan")
    try:
        services.case_material_receive(
            case=case, material=material, actor=request.user,
            scan=scan.read() if scan else None, scan_groups=(case_group(case),),
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("casework:case_detail", pk=case.pk)
    return done(
        request, case, _("Material recorded as received: %(name)s") % {"name": material.name}
    )


@require_GET
def material_scan(request, pk: int, material_pk: int):
    """The scan of a received material, through the document store (a damaged file is
    reported, never served; the read is recorded)."""
    case, _policy = selectors.case_for_action(request.user, pk)
    material = case.materials.filter(pk=material_pk, document__isnull=False).first()
    if material is None:
        raise Http404
    return document_response(request, material.document, purpose=CasePurpose.MATERIAL_SCAN)


@require_POST
def case_feedback(request, pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    return submit(
        request, case, policy, form=FeedbackForm(request.POST), key="feedback",
        service=lambda **data: services.case_feedback(case=case, actor=request.user, **data),
        success=_("Feedback to the applicant recorded: %(number)s") % {"number": case.number},
    )


@require_POST
def complaint_escalate(request, pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    if case.kind != CaseKind.COMPLAINT:
        raise PermissionDenied
    return submit(
        request, case, policy, form=EscalateForm(request.POST), key="escalate",
        service=lambda **data: services.complaint_escalate(case=case, actor=request.user, **data),
        success=_("Escalation recorded: %(number)s") % {"number": case.number},
    )


@require_POST
def return_visit(request, pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    require_perm(request.user, "casework.handle_case")
    return submit(
        request, case, policy, form=ReturnVisitForm(request.POST), key="return_visit",
        service=lambda **data: services.return_visit_record(
            case=case, actor=request.user, **data
        ),
        success=_("Return visit recorded: %(number)s") % {"number": case.number},
    )


@require_POST
def slip_sign(request, slip_pk: int):
    slip = selectors.case_slip_for_user(request.user, slip_pk)
    require_perm(request.user, "casework.change_case")
    case, policy = selectors.case_for_action(request.user, slip.case_id)
    return submit(
        request, case, policy, form=CaseSlipSignedForm(request.POST), key="sign",
        service=lambda **data: case_slip_mark_signed(slip=slip, actor=request.user, **data),
        success=_("Signature recorded: %(slip)s %(code)s") % {
            "slip": slip.get_kind_display(), "code": slip.verification_code
        },
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


# Choosing the resident a case is opened for --------------------------------------


@require_GET
def resident_pick(request):
    """Search residents by name, archive number or full ID number and choose one for the form
    of a kind of case; values masked as on the resident list, the rows read-logged alike."""
    require_perm(request.user, "casework.add_case")
    target = request.GET.get("for", "")
    if target not in picker.TARGETS:
        target = "affair"
    query = request.GET.get("q", "").strip()
    rows = []
    if query:
        found = list(
            residents_matching(request.user, {"q": query, "status": RegistrationStatus.VERIFIED})
            [: picker.PICK_LIMIT]
        )
        record_search(
            actor=request.user, residents=found, query=query[:50], hits=len(found),
            field_groups=[FieldGroup.BASIC], purpose=ReadPurpose.RESIDENT_SEARCH,
            request=request,
        )
        policies = policies_for(request.user, found)
        extra = {"item": request.GET["item"]} if request.GET.get("item", "").isdigit() else {}
        rows = [
            {
                "resident": resident,
                "name": policies[resident.pk].display_value(resident, "name"),
                "id_number": policies[resident.pk].list_value(resident, "id_number"),
                "url": picker.target_url(target, resident, extra),
            }
            for resident in found
        ]
    return render(request, "casework/resident_pick.html", {
        "query": query, "rows": rows, "target": target,
        "target_label": picker.TARGETS[target]["label"], "item": request.GET.get("item", ""),
        "limit": picker.PICK_LIMIT,
    })
