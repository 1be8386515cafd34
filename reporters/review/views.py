"""Reviewing a report and recording how it was handled."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporters.reports.presentation import detail_context
from reporters.reports.selectors import report_for_user
from reporters.review import services
from reporters.review.forms import EvaluationForm, HandleForm, ReviewForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


@require_POST
def report_review(request, pk: int):
    report = report_for_user(request.user, pk)
    refusal = services.review_refusal(report, request.user)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("reporters:report_detail", pk=report.pk)
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            review = services.report_review(actor=request.user, report=report, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The report is approved.") if review.approved
                             else _("The report is returned to the reporter for correction."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, review_form=form))


@require_POST
def report_handle(request, pk: int):
    report = report_for_user(request.user, pk)
    require_perm(request.user, services.REVIEW_ANY)
    form = HandleForm(request.POST, prefix="handle")
    if form.is_valid():
        try:
            services.report_handle(actor=request.user, report=report, **form.cleaned_data)
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return redirect("reporters:report_detail", pk=report.pk)
            add_refusal(form, refused)
        else:
            messages.success(request, _("The handling is recorded and the reporter is told."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, handle_form=form))


@require_POST
def report_evaluate(request, pk: int):
    report = report_for_user(request.user, pk)
    if report.author_id != request.user.pk:
        require_perm(request.user, services.REVIEW_ANY)
    form = EvaluationForm(request.POST, prefix="evaluate")
    if form.is_valid():
        try:
            evaluation = services.report_evaluate(
                actor=request.user, report=report, **form.cleaned_data
            )
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return redirect("reporters:report_detail", pk=report.pk)
            add_refusal(form, refused)
        else:
            messages.success(request, _("The residents' evaluation is recorded; the report is "
                                        "closed.") if evaluation.satisfied else
                             _("The residents' evaluation is recorded; the report is open for "
                               "handling again."))
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, evaluate_form=form))
