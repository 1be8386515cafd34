"""Keeping the assessment standards, attributing complaints, and the annual proposals."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.assessment.selectors import GRADED
from casework.models import (
    AnnualProposal,
    AssessmentStandard,
    Case,
    CaseKind,
    ComplaintAttribution,
    Grade,
)
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

THRESHOLDS = ("min_on_time_percent", "min_satisfaction", "max_complaints", "max_errors")


def standards_save(*, actor, thresholds: dict[str, dict]) -> list[AssessmentStandard]:
    """Save the thresholds of each grade ({grade: {threshold: value or None}}).

    A better grade may not ask less than a lower one: the grades would overlap."""
    require_perm(actor, "casework.change_assessmentstandard")
    ordered = [thresholds.get(grade, {}) for grade in GRADED]
    for better, lower in zip(ordered, ordered[1:], strict=False):
        for name in THRESHOLDS:
            high, low = better.get(name), lower.get(name)
            if high is None or low is None:
                continue
            asks_less = high < low if name.startswith("min_") else high > low
            if asks_less:
                raise ActionRefused(
                    _("A better grade cannot ask less than a lower one: check the thresholds."),
                )
    saved = []
    with transaction.atomic():
        existing = {
            s.grade: s for s in AssessmentStandard.objects.select_for_update().filter(
                grade__in=GRADED
            )
        }
        for grade in GRADED:
            standard = existing.get(grade) or AssessmentStandard(grade=grade)
            for name in THRESHOLDS:
                value = thresholds.get(grade, {}).get(name)
                setattr(standard, name, Decimal(str(value)) if isinstance(value, float) else value)
            standard.updated_by, standard.updated_at = actor, timezone.now()
            standard.full_clean()
            standard.save()
            saved.append(standard)
    return saved


def complaint_attribute(*, actor, number: str, staff_member=None, window=None
                        ) -> ComplaintAttribution:
    """Record which staff member or window a complaint is about (once per complaint)."""
    require_perm(actor, "casework.add_complaintattribution")
    if staff_member is None and window is None:
        raise ActionRefused(_("Name the staff member or the window the complaint is about."))
    with transaction.atomic():
        complaint = (
            Case.objects.select_for_update()
            .filter(kind=CaseKind.COMPLAINT, number=number.strip()).first()
        )
        if complaint is None:
            raise ActionRefused(_("No complaint has this number."), field="number")
        if ComplaintAttribution.objects.filter(complaint=complaint).exists():
            raise ActionRefused(_("This complaint is already attributed."), field="number")
        return ComplaintAttribution.objects.create(
            complaint=complaint, staff_member=staff_member, window=window, recorded_by=actor,
        )


def proposals_save(*, actor, year: int, proposals: str) -> AnnualProposal:
    require_perm(actor, "casework.change_annualproposal")
    if not proposals.strip():
        raise ActionRefused(_("Write the improvement proposals."), field="proposals")
    if year > timezone.localdate().year:
        raise ActionRefused(_("The year cannot be in the future."), field="year")
    with transaction.atomic():
        record = AnnualProposal.objects.select_for_update().filter(year=year).first()
        record = record or AnnualProposal(year=year)
        record.proposals, record.updated_by, record.updated_at = (
            proposals.strip(), actor, timezone.now()
        )
        record.full_clean()
        record.save()
    return record


__all__ = ["Grade", "complaint_attribute", "proposals_save", "standards_save"]
