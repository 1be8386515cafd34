"""Staff pages of complaints and suggestions: registration, publishing on the public board,
and the complaint panel of the case page.

Thin like casework/cases/views.py: check access, validate, call one service in
casework/complaints/services.py, say what happened, redirect; a refusal shows next to the form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework.cases import selectors
from casework.cases.pages import submit
from casework.cases.picker import picked_initial
from casework.complaints import services as complaint_services
from casework.complaints.forms import ComplaintRegisterForm, PublishForm, UnpublishForm
from casework.models import CaseKind
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

ADD = "casework.add_case"


@require_http_methods(["GET", "POST"])
def complaint_register(request):
    require_perm(request.user, ADD)
    data = request.POST if request.method == "POST" else None
    form = ComplaintRegisterForm(data, user=request.user, initial=picked_initial(request))
    if form.is_bound and form.is_valid():
        try:
            case = complaint_services.complaint_register(
                actor=request.user, **form.service_arguments()
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, _("Complaint %(number)s is registered.") % {"number": case.number}
            )
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request, "casework/complaint/register.html",
        {"form": form, "time_limit_days": settings.COMPLAINT_TIME_LIMIT_DAYS},
    )


def _complaint_for_publishing(request, pk: int):
    case, policy = selectors.case_for_user(request.user, pk)
    require_perm(request.user, complaint_services.PUBLISH_PERMISSION)
    if case.kind != CaseKind.COMPLAINT:
        raise PermissionDenied
    return case, policy


@require_POST
def complaint_publish(request, pk: int):
    case, policy = _complaint_for_publishing(request, pk)
    return submit(
        request, case, policy, form=PublishForm(request.POST), key="publish",
        service=lambda **data: complaint_services.complaint_publish(
            case=case, actor=request.user, **data
        ),
        success=_("Published on the public board: %(number)s") % {"number": case.number},
    )


@require_POST
def complaint_unpublish(request, pk: int):
    case, policy = _complaint_for_publishing(request, pk)
    return submit(
        request, case, policy, form=UnpublishForm(request.POST), key="unpublish",
        service=lambda **data: complaint_services.complaint_unpublish(
            case=case, actor=request.user, **data
        ),
        success=_("Withdrawn from the public board: %(number)s") % {"number": case.number},
    )


def complaint_panel(request, case, policy, failed: dict) -> dict:
    """Complaint or suggestion, and the public board texts with their forms."""
    can_publish = (
        request.user.has_perm(complaint_services.PUBLISH_PERMISSION)
        and case.status == complaint_services.PUBLISHABLE_STATUS
    )
    publish_form = failed.get("publish")
    if publish_form is None and can_publish:
        publish_form = PublishForm(
            initial={"summary": case.public_summary, "result": case.public_result}
        )
    unpublish_form = failed.get("unpublish")
    if unpublish_form is None and can_publish and case.published_at:
        unpublish_form = UnpublishForm()
    return {
        "type": complaint_services.complaint_type_of(case),
        "publish_form": publish_form,
        "unpublish_form": unpublish_form,
        "has_public_texts": bool(case.public_summary or case.public_result),
    }
