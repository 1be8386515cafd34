"""What each category of report must say (REP-2, REP-10): one declaration used by the form,
the service and the page."""

from __future__ import annotations

from reporters.models import ReportCategory

# The fixed template every report follows.
TEMPLATE_FIELDS = ("source", "facts", "analysis", "suggested_measures")

CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    ReportCategory.OPINION: ("proposer", "proposer_contact"),
    ReportCategory.EVENT: (
        "event_kind", "occurred_at", "place", "course", "people_involved", "current_state",
        "measures_taken",
    ),
    ReportCategory.CONSTRUCTION: ("project", "stage", "problems", "figures"),
    ReportCategory.ENVIRONMENT: ("problem_area", "causes"),
}
# Optional within their category ("figures or pictures help" — 001 §3(3)).
OPTIONAL_FIELDS = frozenset({"figures"})

ALL_CATEGORY_FIELDS = tuple(
    field for fields in CATEGORY_FIELDS.values() for field in fields
)
EDITABLE_FIELDS = (
    "category", "title", "collection_method", *TEMPLATE_FIELDS, *ALL_CATEGORY_FIELDS,
)


def required_fields(category: str) -> tuple[str, ...]:
    return tuple(f for f in CATEGORY_FIELDS.get(category, ()) if f not in OPTIONAL_FIELDS)


def missing_fields(report) -> list[str]:
    """Fields the report's category needs that are still empty."""
    wanted = ("title", "collection_method", *TEMPLATE_FIELDS, *required_fields(report.category))
    return [field for field in wanted if getattr(report, field) in (None, "")]
