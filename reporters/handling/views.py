"""Opening a case from an approved report (managers). Thin: validate, call the service,
redirect; a refusal shows next to the form on the report page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporters.handling import services
from reporters.handling.forms import ReportCaseForm
from reporters.reports.presentation import detail_context
from reporters.reports.selectors import report_for_user
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


@require_POST
def report_case_open(request, pk: int):
    report = report_for_user(request.user, pk)
    require_perm(request.user, services.REVIEW_ANY)
    form = ReportCaseForm(request.POST, report=report, prefix="case")
    if form.is_valid():
        try:
            handling = services.report_case_open(actor=request.user, report=report,
                                                 **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Opened %(what)s.")
                             % {"what": services.handling_label(handling)})
            return redirect("reporters:report_detail", pk=report.pk)
    return render(request, "reporters/report_detail.html",
                  detail_context(request, report, case_form=form))
