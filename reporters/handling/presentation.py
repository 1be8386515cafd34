"""The report page's part about what its handling opened: the link to the case (or the
resident emergency), the form to open one, and the history lines."""

from __future__ import annotations

from django.urls import reverse

from reporters.handling import services
from reporters.handling.forms import ReportCaseForm
from reporters.models import Report, ReportCase


def handling_context(request, report: Report, form=None) -> dict:
    handling = ReportCase.objects.filter(report=report).select_related(
        "case", "emergency"
    ).first()
    link = None
    if handling is not None:
        url = (reverse("casework:case_detail", args=[handling.case_id]) if handling.case_id
               else reverse("residents:emergency_detail", args=[handling.emergency_id]))
        link = {"label": services.handling_label(handling), "url": url,
                "case": handling.case}
    may_open = (
        handling is None and report.status in services.HANDLEABLE
        and request.user.has_perm(services.REVIEW_ANY)
    )
    return {
        "handling": link,
        "handling_lines": services.handling_timeline(report),
        "case_form": form or (ReportCaseForm(report=report, prefix="case") if may_open else None),
    }
