"""Where a closed case was filed, on the case page."""

from __future__ import annotations

from archives.filing.services import case_filing


def case_filing_extra(request, case, policy) -> dict | None:
    item = case_filing(case)
    if item is None:
        return None
    return {"template": "archives/includes/case_filing.html", "item": item}
