"""Recording inspections, spot checks and accountability; keeping the inspection checklist."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.models import (
    AccountabilityLevel,
    AccountabilityRecord,
    ChecklistItem,
    FindingResult,
    Inspection,
    InspectionFinding,
)
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import is_future

# Inspections of this system's work cannot predate it by decades; the year field stops at 2000.
EARLIEST_INSPECTION = datetime.date(2000, 1, 1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class FindingInput:
    checkpoint: str
    result: str
    finding: str = ""


def checklist_item_save(
    *, actor, title: str, guidance: str = "", position: int = 0, active: bool = True,
    item: ChecklistItem | None = None,
) -> ChecklistItem:
    require_perm(actor, "casework.change_checklistitem" if item else "casework.add_checklistitem")
    with transaction.atomic():
        if item is not None:
            item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        else:
            item = ChecklistItem()
        item.title, item.guidance, item.position, item.active = title, guidance, position, active
        item.full_clean()
        item.save()
    return item


def inspection_record(
    *,
    actor,
    kind: str,
    inspected_on: datetime.date,
    inspectors: str,
    summary: str,
    findings: list[FindingInput],
) -> Inspection:
    """Record an inspection with one finding per checkpoint; a problem needs its description.

    A quarterly inspection covers the quarter it is held in, once; a spot check is recorded the
    same way, as often as it happens.
    """
    require_perm(actor, "casework.add_inspection")
    if is_future(inspected_on):
        raise ActionRefused(_("The inspection date cannot be in the future."),
                            field="inspected_on")
    if inspected_on < EARLIEST_INSPECTION:
        raise ActionRefused(_("The inspection date is too long ago: check the year."),
                            field="inspected_on")
    if not findings:
        raise ActionRefused(_("The checklist is empty: a manager adds checkpoints first."))
    for index, item in enumerate(findings):
        if item.result == FindingResult.PROBLEM and not item.finding.strip():
            raise ActionRefused(
                _("Describe the problem found at “%(checkpoint)s”.")
                % {"checkpoint": item.checkpoint},
                field=f"finding_{index}",
            )
    year, number = quarter_of(inspected_on)
    inspection = Inspection(
        kind=kind, year=year, quarter=number, inspected_on=inspected_on,
        inspectors=inspectors.strip(), summary=summary.strip(), recorded_by=actor,
    )
    inspection.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            inspection.save()
            InspectionFinding.objects.bulk_create(
                InspectionFinding(
                    inspection=inspection, checkpoint=item.checkpoint, result=item.result,
                    finding=item.finding.strip(),
                )
                for item in findings
            )
    except IntegrityError:
        # Two managers recording the same quarter at once: the constraint keeps one.
        raise ActionRefused(
            _("The quarterly inspection of %(year)s Q%(quarter)s is already recorded.")
            % {"year": year, "quarter": number},
            field="inspected_on",
        ) from None
    return inspection


def accountability_record(
    *,
    actor,
    level: str,
    measure: str,
    grounds: str,
    decided_by: str,
    decided_on: datetime.date,
    staff_member=None,
    unit: str = "",
) -> AccountabilityRecord:
    require_perm(actor, "casework.add_accountabilityrecord")
    if is_future(decided_on):
        raise ActionRefused(_("The decision date cannot be in the future."), field="decided_on")
    if level == AccountabilityLevel.STAFF and staff_member is None:
        raise ActionRefused(_("Choose the staff member held accountable."),
                            field="staff_member")
    if level != AccountabilityLevel.STAFF and not unit.strip():
        raise ActionRefused(_("Name the department or community held accountable."),
                            field="unit")
    record = AccountabilityRecord(
        level=level, measure=measure, grounds=grounds.strip(), decided_by=decided_by.strip(),
        decided_on=decided_on, recorded_by=actor,
        staff_member=staff_member if level == AccountabilityLevel.STAFF else None,
        unit="" if level == AccountabilityLevel.STAFF else unit.strip(),
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
    return record
