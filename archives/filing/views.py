"""Where a closed case was filed, on the case page; where a closed report was, on the report
page."""

from __future__ import annotations

from archives.filing.services import case_filing, report_filing
from archives.volumes.selectors import may_view_volumes


def case_filing_extra(request, case, policy) -> dict | None:
    item = case_filing(case)
    if item is None:
        return None
    return {"template": "archives/includes/case_filing.html", "item": item}


def report_filing_extra(request, report) -> dict | None:
    """The reporter sees that the report is filed; staff who may view volumes open the volume."""
    item = report_filing(report)
    if item is None:
        return None
    return {"template": "archives/includes/report_filing.html", "item": item,
            "may_open": may_view_volumes(request.user)}
