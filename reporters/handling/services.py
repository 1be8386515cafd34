"""Handling an approved report opens, where it fits, a case in casework or a resident emergency
in tracking (REP-6), linked both ways; a hazard or environment report may instead join the
rectification already open for the same problem. One per report: a second submit opens nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.affairs.services import affair_accept
from casework.complaints.services import TYPE_MARKS, ComplaintType
from casework.engine.services import case_open
from casework.engine.workflows import CLOSED_STATUSES
from casework.models import AffairItem, Case, CaseChannel, CaseKind
from casework.rectification.services import rectification_issue
from reporters.models import EventKind, Report, ReportCase, ReportCategory, ReportStatus
from reporters.reports.selectors import reports_for
from reporters.review.services import REVIEW_ANY
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import Resident
from residents.tracking.services import emergency_open

COMPLAINT, SUGGESTION = "complaint", "suggestion"
RECTIFICATION, EMERGENCY, LINK = "rectification", "emergency", "link"
AFFAIR = "affair"
TARGET_LABELS = {
    COMPLAINT: gettext_lazy("A complaint"),
    SUGGESTION: gettext_lazy("A suggestion"),
    RECTIFICATION: gettext_lazy("A rectification with a deadline"),
    EMERGENCY: gettext_lazy("A resident emergency"),
    LINK: gettext_lazy("Join a rectification already open"),
    AFFAIR: gettext_lazy("A window affair for a resident the report names"),
}
HAZARDS = {EventKind.ROAD_HAZARD, EventKind.BUILDING_HAZARD}
EMERGENCIES = {EventKind.FIRE, EventKind.THEFT, EventKind.DISASTER}
# Only these report statuses are handled (approved, or handled and reopened).
HANDLEABLE = {ReportStatus.APPROVED, ReportStatus.HANDLED}


def fitting_targets(report: Report) -> list[str]:
    """What the report may open: residents' opinions a complaint or a suggestion; hazards and
    environment problems a rectification (or join one); emergencies a resident emergency; and
    any report naming a resident a window affair for them (e.g. an allowance they need)."""
    targets = _category_targets(report)
    if report.pk and report.named_residents.exists():
        targets.append(AFFAIR)
    return targets


def _category_targets(report: Report) -> list[str]:
    if report.category == ReportCategory.ENVIRONMENT:
        return [RECTIFICATION, LINK, COMPLAINT]
    if report.category == ReportCategory.EVENT:
        if report.event_kind in HAZARDS:
            return [RECTIFICATION, LINK]
        if report.event_kind in EMERGENCIES:
            return [EMERGENCY, RECTIFICATION]
        return [COMPLAINT]
    if report.category == ReportCategory.CONSTRUCTION:
        return [SUGGESTION, RECTIFICATION, LINK]
    return [SUGGESTION, COMPLAINT]


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update(of=("self",)).get(pk=report.pk)


def _details(report: Report) -> str:
    return "\n".join(filter(None, [report.facts, report.suggested_measures]))


def _named_resident(report: Report, resident: Resident | None) -> Resident:
    if resident is None or not report.named_residents.filter(resident=resident).exists():
        raise ActionRefused(_("Choose a resident the report names."), field="resident")
    return resident


def _affair_open(*, actor, report: Report, resident, affair_item) -> Case:
    """The window affair through the affairs app's own acceptance (its eligibility rule and its
    refusals), for the named resident; the materials are handed in at the window later."""
    require_perm(actor, "casework.add_case")
    resident = _named_resident(report, resident)
    if affair_item is None:
        raise ActionRefused(_("Choose the affair from the catalogue."), field="affair_item")
    try:
        return affair_accept(
            item=affair_item, resident=resident, actor=actor,
            details=_details(report) or report.title,
        )
    except ActionRefused as refused:
        # The affairs page names its own fields; here the resident or the affair is chosen.
        field = "resident" if refused.field == "archive_number" else "affair_item"
        raise ActionRefused(refused.message, field=field) from None


def _already(handling: ReportCase) -> ActionRefused:
    return ActionRefused(
        _("Report %(number)s already opened %(what)s.")
        % {"number": handling.report.number, "what": handling_label(handling)}
    )


def handling_label(handling: ReportCase) -> str:
    if handling.case_id:
        return _("case %(number)s") % {"number": handling.case.number}
    return _("a resident emergency of %(date)s") % {
        "date": handling.emergency.occurred_on.isoformat()
    }


def report_case_open(
    *,
    actor,
    report: Report,
    target: str,
    responsible=None,
    deadline: datetime.date | None = None,
    requirements: str = "",
    resident: Resident | None = None,
    emergency_kind: str = "",
    case_number: str = "",
    affair_item: AffairItem | None = None,
) -> ReportCase:
    """Open (or link) what the approved report needs handled; managers only."""
    require_perm(actor, REVIEW_ANY)
    if target not in fitting_targets(report):
        raise ActionRefused(_("This report cannot open that."), field="target")
    try:
        with transaction.atomic():
            report = _locked(report)
            if report.status not in HANDLEABLE:
                raise ActionRefused(_("Only an approved report is handled."))
            existing = ReportCase.objects.filter(report=report).first()
            if existing is not None:
                raise _already(existing)
            case, emergency, linked = None, None, False
            if target in (COMPLAINT, SUGGESTION):
                require_perm(actor, "casework.add_case")
                mark = TYPE_MARKS[ComplaintType(target)]
                case = case_open(
                    kind=CaseKind.COMPLAINT, subject=f"{mark}{report.title}"[:200],
                    details=_details(report), actor=actor,
                    time_limit_days=settings.COMPLAINT_TIME_LIMIT_DAYS,
                    applicant_name=report.proposer or _("Information report %(number)s")
                    % {"number": report.number},
                    applicant_contact=report.proposer_contact,
                    channel=CaseChannel.STAFF_NOTICE,
                )
            elif target == RECTIFICATION:
                case = rectification_issue(
                    actor=actor, responsible=responsible, deadline=deadline,
                    finding_text=_details(report) or report.title,
                    requirements=requirements, subject=report.title,
                    unit=report.problem_area or report.place,
                )
            elif target == EMERGENCY:
                require_perm(actor, "residents.add_emergency")
                resident = _named_resident(report, resident)
                occurred = timezone.localtime(report.occurred_at).date() if (
                    report.occurred_at) else timezone.localdate()
                emergency = emergency_open(
                    resident=resident, kind=emergency_kind, occurred_on=occurred,
                    description=_details(report) or report.title,
                    help_given=report.measures_taken, actor=actor,
                )
            elif target == AFFAIR:
                case = _affair_open(actor=actor, report=report, resident=resident,
                                    affair_item=affair_item)
            else:
                case = Case.objects.filter(
                    number=(case_number or "").strip().upper(), kind=CaseKind.RECTIFICATION
                ).exclude(status__in=CLOSED_STATUSES).first()
                if case is None:
                    raise ActionRefused(
                        _("No open rectification has that number."), field="case_number"
                    )
                linked = True
            handling = ReportCase(report=report, case=case, emergency=emergency,
                                  linked=linked, opened_by=actor)
            handling.full_clean(validate_unique=False)
            handling.save()
    except IntegrityError:
        # A concurrent submit for the same report opened it first; ours rolled back whole.
        existing = ReportCase.objects.filter(report=report).first()
        if existing is None:
            raise
        raise _already(existing) from None
    from reporters.notify import notify

    notify(
        recipients=[report.author],
        text=_("Report %(number)s opened %(what)s.")
        % {"number": report.number, "what": handling_label(handling)},
        url=reverse("reporters:report_detail", args=[report.pk]),
        key=f"report-{report.pk}-case-opened",
    )
    return handling


def report_origin(case: Case) -> dict | None:
    """The report a case originates from, for the case page (registered with casework)."""
    handlings = list(
        ReportCase.objects.filter(case=case).select_related("report").order_by("pk")
    )
    if not handlings:
        return None
    return {
        "label": "、".join(
            _("Information report %(number)s: %(title)s")
            % {"number": h.report.number, "title": h.report.title}
            for h in handlings
        ),
        "url": reverse("reporters:report_detail", args=[handlings[0].report_id]),
    }


def report_emergency_origin(user, emergency) -> dict | None:
    """The report a resident emergency was opened from, for the emergency page (registered with
    residents' tracking); only for those who may open that report."""
    report = reports_for(user).filter(handling_case__emergency=emergency).first()
    if report is None:
        return None
    return {
        "label": _("From information report %(number)s") % {"number": report.number},
        "url": reverse("reporters:report_detail", args=[report.pk]),
    }


def report_case_closed(case: Case) -> None:
    """Tell the authors of the reports a case came from that it is closed (inside the closing
    transaction: no closing, no notification)."""
    from reporters.notify import notify

    for handling in ReportCase.objects.filter(case=case).select_related("report"):
        notify(
            recipients=[handling.report.author],
            text=_("Report %(number)s: case %(case)s is closed.")
            % {"number": handling.report.number, "case": case.number},
            url=reverse("reporters:report_detail", args=[handling.report_id]),
            key=f"report-{handling.report_id}-case-{case.pk}-closed",
        )


def handling_timeline(report: Report) -> list[dict]:
    """The report's history lines about what its handling opened: opened, and closed."""
    handling = ReportCase.objects.filter(report=report).select_related(
        "case", "emergency"
    ).first()
    if handling is None:
        return []
    lines = [{"at": handling.opened_at, "text": (
        _("Joined %(what)s") if handling.linked else _("Opened %(what)s")
    ) % {"what": handling_label(handling)}}]
    if handling.case_id and handling.case.closed_at:
        lines.append({"at": handling.case.closed_at, "text": _("Case %(number)s closed")
                      % {"number": handling.case.number}})
    if handling.emergency_id and handling.emergency.closed_on:
        closed = datetime.datetime.combine(handling.emergency.closed_on, datetime.time(),
                                           tzinfo=timezone.get_current_timezone())
        lines.append({"at": closed, "text": _("The resident emergency was closed")})
    return lines
