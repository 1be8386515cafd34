"""Assessment pages (SUP-3, SUP-6) and the annual evaluation (SUP-2, SUP-9).

Managers and the supervision group read every line; other staff read their own line only.
Staff and window names are the centre's own people, not residents: nothing here is resident
data, so there is nothing to read-log.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.assessment import annual, selectors, services
from casework.assessment.forms import AttributionForm, ProposalsForm, StandardsForm
from casework.models import AnnualProposal, ComplaintAttribution
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm
from residents.dashboards.periods import ASSESSMENT_PERIOD_CHOICES, Period

EARLIEST_YEAR = 2000


def _period(params) -> Period:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(params.get("at", ""))
    except ValueError:
        day = today
    kind = params.get("period", "")
    kinds = [key for key, _label in ASSESSMENT_PERIOD_CHOICES]
    return Period.containing(kind if kind in kinds else "quarter", min(day, today))


def _sheet(request) -> dict:
    user = request.user
    if not (user.has_perm("casework.view_assessment")
            or user.has_perm("casework.view_own_assessment")):
        raise PermissionDenied
    period = _period(request.GET)
    everyone = user.has_perm("casework.view_assessment")
    return {
        "period": period,
        "period_choices": ASSESSMENT_PERIOD_CHOICES,
        "everyone": everyone,
        "staff": selectors.staff_lines(period, only=None if everyone else user),
        "windows": selectors.window_lines(period) if everyone else [],
        "services": selectors.service_lines(period) if everyone else [],
        "standards": selectors.standards(),
        "today": timezone.localdate(),
    }


@require_GET
def assessment(request):
    context = _sheet(request)
    context.update({
        "earlier": context["period"].previous,
        "later": context["period"].following
        if context["period"].following.start <= timezone.localdate() else None,
        "may_edit": request.user.has_perm("casework.change_assessmentstandard"),
    })
    return render(request, "casework/assessment/sheet.html", context)


@require_GET
def assessment_pdf(request):
    """The grade sheet, printed."""
    pdf = render_pdf(template="casework/pdf/assessment_sheet.html", context=_sheet(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="assessment.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def standards(request):
    require_perm(request.user, "casework.view_assessmentstandard")
    may_change = request.user.has_perm("casework.change_assessmentstandard")
    form = StandardsForm(request.POST or None) if may_change else None
    attribution = AttributionForm() if request.user.has_perm(
        "casework.add_complaintattribution") else None
    if request.method == "POST":
        require_perm(request.user, "casework.change_assessmentstandard")
        if form.is_valid():
            try:
                services.standards_save(actor=request.user, thresholds=form.thresholds())
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("The assessment standards are saved."))
                return redirect("casework:assessment_standards")
    return render(request, "casework/assessment/standards.html", {
        "form": form, "standards": selectors.standards(), "attribution": attribution,
        "attributions": ComplaintAttribution.objects.select_related(
            "complaint", "staff_member", "window")[:50]
        if request.user.has_perm("casework.view_complaintattribution") else [],
    })


@require_POST
def attribute_complaint(request):
    require_perm(request.user, "casework.add_complaintattribution")
    form = AttributionForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_attribute(actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The complaint is attributed."))
            return redirect("casework:assessment_standards")
    return render(request, "casework/assessment/standards.html", {
        "form": None, "standards": selectors.standards(), "attribution": form,
        "attributions": ComplaintAttribution.objects.select_related(
            "complaint", "staff_member", "window")[:50],
    }, status=200)


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if EARLIEST_YEAR <= year <= today.year else today.year


@require_http_methods(["GET", "POST"])
def annual_evaluation(request):
    require_perm(request.user, "casework.view_annualproposal")
    year = _year(request)
    record = AnnualProposal.objects.filter(year=year).first()
    may_change = request.user.has_perm("casework.change_annualproposal")
    form = None
    if may_change:
        form = ProposalsForm(request.POST or None,
                             initial={"proposals": record.proposals if record else ""})
    if request.method == "POST":
        require_perm(request.user, "casework.change_annualproposal")
        if form.is_valid():
            try:
                services.proposals_save(actor=request.user, year=year,
                                        proposals=form.cleaned_data["proposals"])
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("The improvement proposals for %(year)d are saved.")
                                 % {"year": year})
                return redirect(f"{request.path}?year={year}")
    return render(request, "casework/assessment/annual.html", {
        "year": year, "record": record, "form": form,
        "years": range(timezone.localdate().year, EARLIEST_YEAR - 1, -1)[:10],
    })


@require_GET
def annual_evaluation_pdf(request):
    require_perm(request.user, "casework.view_annualproposal")
    year = _year(request)
    pdf = render_pdf(template="casework/pdf/annual_evaluation.html",
                     context=annual.report(request.user, year))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="annual-evaluation-{year}.pdf"'
    return response
