"""Rectification pages: the list, issuing one (for an inspection finding or on its own), the
responsible person's start, the printed notice, and the panel of the case page. Thin: check
access, validate, call one service, redirect; a refusal shows next to the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.cases import selectors as case_selectors
from casework.cases.pages import case_page, done, slip_download
from casework.models import CaseKind, FindingResult, InspectionFinding, Rectification
from casework.rectification import selectors, services
from casework.rectification.forms import RectificationIssueForm, RectificationStartForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

PAGE_SIZE = 30
WHICH = ("open", "overdue", "mine", "all")


@require_GET
def rectification_list(request):
    require_perm(request.user, "casework.view_case")
    which = request.GET.get("which", "open")
    which = which if which in WHICH else "open"
    cases = {
        "open": selectors.open_rectifications,
        "overdue": selectors.overdue_rectifications,
        "mine": lambda user: selectors.open_rectifications(user).filter(handler=user),
        "all": selectors.rectifications,
    }[which](request.user).order_by("due_on", "pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/rectification/list.html", {
        "page": page, "which": which, "today": timezone.localdate(),
        "may_issue": request.user.has_perm(services.ISSUE_PERMISSION),
    })


def issue_page(request, *, form, source=None, source_label: str = "", cancel_url: str = ""):
    return render(request, "casework/rectification/issue_form.html", {
        "form": form, "source": source, "source_label": source_label, "cancel_url": cancel_url,
    })


def issue_submit(request, form, **source) -> object | None:
    """Call the service with a valid form; the case, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    try:
        return services.rectification_issue(actor=request.user, **form.cleaned_data, **source)
    except ActionRefused as refusal:
        add_refusal(form, refusal)
        return None


def issued(request, case):
    messages.success(request, _("Rectification %(number)s is issued.") % {"number": case.number})
    return redirect("casework:case_detail", pk=case.pk)


@require_http_methods(["GET", "POST"])
def rectification_issue(request):
    """A rectification for a finding made elsewhere (a meeting, a report): typed in."""
    require_perm(request.user, services.ISSUE_PERMISSION)
    form = RectificationIssueForm(request.POST or None, subject_required=True)
    if request.method == "POST" and (case := issue_submit(request, form)) is not None:
        return issued(request, case)
    return issue_page(request, form=form)


@require_http_methods(["GET", "POST"])
def finding_rectification(request, finding_pk: int):
    """Open the rectification of an inspection finding; a finding opens at most one."""
    require_perm(request.user, services.ISSUE_PERMISSION)
    require_perm(request.user, "casework.view_inspection")
    finding = get_object_or_404(
        InspectionFinding.objects.select_related("inspection"), pk=finding_pk,
        result=FindingResult.PROBLEM,
    )
    existing = Rectification.objects.filter(finding=finding).select_related("case").first()
    if existing is not None:
        messages.info(request, _("A rectification is already open for this finding: case "
                                 "%(number)s.") % {"number": existing.case.number})
        return redirect("casework:case_detail", pk=existing.case_id)
    form = RectificationIssueForm(
        request.POST or None, initial={"finding_text": finding.finding}
    )
    if request.method == "POST" and (case := issue_submit(request, form, finding=finding)):
        return issued(request, case)
    return issue_page(
        request, form=form, source=finding,
        source_label=_("%(kind)s of %(date)s, checkpoint “%(checkpoint)s”") % {
            "kind": finding.inspection.get_kind_display(),
            "date": finding.inspection.inspected_on.isoformat(),
            "checkpoint": finding.checkpoint,
        },
        cancel_url=reverse("casework:inspection_detail", args=[finding.inspection_id]),
    )


def _rectification_case(request, pk: int):
    case, policy = case_selectors.case_for_action(request.user, pk)
    if case.kind != CaseKind.RECTIFICATION:
        raise Http404
    return case, policy


@require_POST
def rectification_start(request, pk: int):
    case, policy = _rectification_case(request, pk)
    form = RectificationStartForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_start(case=case, actor=request.user,
                                         note=form.cleaned_data["note"])
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            return done(request, case, _("Rectification %(number)s is being rectified.")
                        % {"number": case.number})
    return case_page(request, case, policy, failed={"start": form})


@require_POST
def rectification_notice(request, pk: int):
    case, policy = _rectification_case(request, pk)
    return slip_download(
        request, case, policy, key="notice", purpose=None,
        print_slip=lambda reason: services.rectification_notice_print(
            case=case, actor=request.user, reprint_reason=reason,
        ),
    )


def rectification_panel(request, case, policy, failed: dict) -> dict:
    """What the rectification answers, its requirements, the start form for the responsible
    person, and the notice's print button."""
    user = request.user
    rectification = Rectification.objects.select_related(
        "finding__inspection", "safety_record"
    ).filter(case=case).first()
    can_start = case.status == "issued" and case.handler_id == user.pk
    return {
        "rectification": rectification,
        "source": services.source_label(rectification) if rectification else "",
        "start_form": failed.get("start") or (RectificationStartForm() if can_start else None),
        "notice_form": failed.get("notice"),
        "can_print": rectification is not None and user.has_perm(services.VIEW_PERMISSION)
        and (user.has_perm(services.ISSUE_PERMISSION) or case.handler_id == user.pk),
        "overdue": case.status not in ("closed", "withdrawn", "checked")
        and case.due_on < timezone.localdate(),
    }
