"""Pages of the query requests (QRY-1): open one for a resident, check the identity, print
the query result slip; and the query panel of the shared case page.

Thin like casework/cases/views.py: check access, validate, call one service in
casework/query/services.py, say what happened, redirect; a refusal shows next to its form
on the case page with nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casework.cases import selectors
from casework.cases.pages import case_page, slip_download, submit
from casework.cases.purposes import CasePurpose
from casework.engine.workflows import VERIFY, may_take
from casework.models import CaseKind
from casework.query import services as query_services
from casework.query.forms import IdentityCheckForm, QueryOpenForm, ResultPrintForm
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.people.selectors import resident_for_user

OPEN_PERMISSION = "casework.add_case"


def _query_case(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    if case.kind != CaseKind.QUERY:
        raise PermissionDenied
    return case, policy


@require_http_methods(["GET", "POST"])
def query_open(request, resident_pk: int):
    # The resident first: one the user may not see answers 404, not 403.
    resident = resident_for_user(request.user, resident_pk)
    require_perm(request.user, OPEN_PERMISSION)
    policy = policy_for(request.user, resident)
    form = QueryOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = query_services.query_open(
                resident=resident, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                _("Query request %(number)s is opened: check the resident's identity document "
                  "next.") % {"number": case.number},
            )
            return redirect("casework:case_detail", pk=case.pk)
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=CasePurpose.QUERY_OPEN, request=request,
    )
    return render(
        request,
        "casework/query/open.html",
        {
            "form": form,
            "resident": resident,
            "resident_name": policy.display_value(resident, "name"),
            "id_number": policy.display_value(resident, "id_number"),
            "can_report": request.user.has_perm(query_services.REPORT_PERMISSION),
        },
    )


@require_POST
def query_identity_check(request, pk: int):
    case, policy = _query_case(request, pk)
    require_perm(request.user, VERIFY)
    return submit(
        request, case, policy, form=IdentityCheckForm(request.POST), key="identity",
        service=lambda **data: query_services.query_identity_check(
            case=case, actor=request.user, **data
        ),
        success=_("The identity check is recorded; the query result slip can be printed."),
    )


@require_POST
@never_cache
def query_result_print(request, pk: int):
    """Every print, reprints included, is a new slip rendered after the ID number typed from
    the card presented matches: no stored PDF is served again by any URL."""
    case, policy = _query_case(request, pk)
    require_perm(request.user, query_services.PRINT_PERMISSION)
    form = ResultPrintForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, policy, failed={"print": form})
    # The service logs the read itself, inside its transaction and before it lists who
    # viewed the record, so the slip's list includes this print.
    return slip_download(
        request, case, policy, key="print", purpose=None, form=form,
        print_slip=lambda reason: query_services.query_result_print(
            case=case, actor=request.user, id_number=form.cleaned_data["id_number"],
            reprint_reason=reason,
        ),
    )


def query_panel(request, case, policy, failed: dict) -> dict:
    """Purpose, the identity check (form while open), the print button once printable.

    Shows nothing of the resident's record: the full record is only on the printed slip.
    """
    user = request.user
    can_check = may_take(user, case, "check_identity")
    printable = case.status in query_services.PRINTABLE_STATUSES
    # The first print answers the request: it needs the "answer" step's permission too.
    first_print = case.status == query_services.IDENTITY_CHECKED
    can_print = (
        printable
        and user.has_perm(query_services.PRINT_PERMISSION)
        and (not first_print or may_take(user, case, "answer"))
    )
    return {
        "purpose": case.details,
        "include_access_report": case.include_access_report,
        "identity_document": query_services.identity_document_label(case.identity_document),
        "identity_step": case.steps.filter(action="check_identity")
        .select_related("actor").last(),
        "identity_form": failed.get("identity") or (IdentityCheckForm() if can_check else None),
        "print_form": failed.get("print") or (ResultPrintForm() if can_print else None),
        "can_print": can_print,
        "first_print": first_print,
        "awaits_identity": case.status == query_services.OPENED,
    }
