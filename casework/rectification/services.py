"""Rectification (整改, SUP-5, SAF-2): issuing one for a finding, the responsible person starting
it, and the printed rectification notice (整改通知书).

Checking and closing are plain steps of the engine (`casework.engine.services.case_act`); the
check is a review step, so `four_eyes_refusal` keeps it from the responsible person and from who
issued it.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases.pdf import case_slip_print
from casework.duties.services import staff_who_handle
from casework.engine.services import (
    MAX_TIME_LIMIT_DAYS,
    case_open,
    lock_case,
    require_kind,
    take_step,
)
from casework.models import (
    Case,
    CaseChannel,
    CaseKind,
    CaseSlip,
    CaseSlipKind,
    FindingResult,
    InspectionFinding,
    Rectification,
    SafetyRecord,
)
from casework.workdays.deadlines import working_days_between
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.notifications.services import notification_send

ISSUE_PERMISSION = "casework.add_rectification"
VIEW_PERMISSION = "casework.view_rectification"
CHECK_PERMISSION = "casework.check_rectification"
NOTICE_TEMPLATE = "casework/pdf/rectification_notice.html"
# A deadline further out than this is a typing mistake, not a plan.
LONGEST_DEADLINE_DAYS = 366


def _already_opened(rectification: Rectification) -> ActionRefused:
    return ActionRefused(
        _("A rectification is already open for this finding: case %(number)s.")
        % {"number": rectification.case.number}
    )


def rectification_issue(
    *,
    actor,
    responsible,
    deadline: datetime.date,
    finding_text: str,
    requirements: str,
    subject: str = "",
    unit: str = "",
    finding: InspectionFinding | None = None,
    safety_record: SafetyRecord | None = None,
) -> Case:
    """Open a rectification case for a finding and tell the responsible person.

    A finding (or a safety record) opens at most one: the row is locked while checking, and the
    one-to-one column refuses a second even from a concurrent submit.
    """
    require_perm(actor, ISSUE_PERMISSION)
    if finding is not None and safety_record is not None:
        raise ActionRefused(_("A rectification answers one finding."))
    finding_text = (finding_text or "").strip()
    requirements = (requirements or "").strip()
    unit = (unit or "").strip()
    if responsible is None or not staff_who_handle().filter(pk=responsible.pk).exists():
        raise ActionRefused(
            _("Choose an active member of staff who handles cases as the responsible person."),
            field="responsible",
        )
    today = timezone.localdate()
    if deadline is None or deadline <= today:
        raise ActionRefused(_("The deadline must be a day after today."), field="deadline")
    if (deadline - today).days > LONGEST_DEADLINE_DAYS:
        raise ActionRefused(_("The deadline is more than a year away: check the year."),
                            field="deadline")
    if not finding_text:
        raise ActionRefused(_("Describe the finding to rectify."), field="finding_text")
    if not requirements:
        raise ActionRefused(_("State what must be rectified and how."), field="requirements")
    try:
        with transaction.atomic():
            if finding is not None:
                finding = InspectionFinding.objects.select_for_update().select_related(
                    "inspection"
                ).get(pk=finding.pk)
                if finding.result != FindingResult.PROBLEM:
                    raise ActionRefused(_("Only a finding with a problem can be rectified."))
                existing = Rectification.objects.filter(finding=finding).first()
                if existing is not None:
                    raise _already_opened(existing)
                subject = subject or _("Rectify: %(checkpoint)s") % {
                    "checkpoint": finding.checkpoint
                }
            if safety_record is not None:
                safety_record = SafetyRecord.objects.select_for_update().get(
                    pk=safety_record.pk
                )
                if not safety_record.problem_found:
                    raise ActionRefused(
                        _("This record found nothing to rectify.")
                    )
                existing = Rectification.objects.filter(safety_record=safety_record).first()
                if existing is not None:
                    raise _already_opened(existing)
                subject = subject or _("Rectify: %(kind)s, %(place)s") % {
                    "kind": safety_record.get_kind_display(), "place": safety_record.place,
                }
            subject = (subject or "").strip()
            if not subject:
                raise ActionRefused(_("State the subject of the rectification."),
                                    field="subject")
            days = min(max(1, working_days_between(today, deadline)), MAX_TIME_LIMIT_DAYS)
            case = case_open(
                kind=CaseKind.RECTIFICATION, subject=subject[:200], actor=actor,
                time_limit_days=days, details=finding_text, channel=CaseChannel.STAFF_NOTICE,
                due_on=deadline, handler=responsible,
            )
            rectification = Rectification(
                case=case, finding=finding, safety_record=safety_record,
                finding_text=finding_text, requirements=requirements, unit=unit,
                deadline=deadline,
            )
            rectification.full_clean(validate_unique=False)
            rectification.save()
            notification_send(
                recipients=[responsible],
                text=_("Rectification %(number)s is issued to you: rectify by %(date)s.")
                % {"number": case.number, "date": deadline.isoformat()},
                url=reverse("casework:case_detail", args=[case.pk]),
                key=f"rectification-issued:{case.pk}",
            )
    except IntegrityError:
        # A concurrent submit for the same finding opened it first; its case rolled back.
        if finding is None and safety_record is None:
            raise
        source = Rectification.objects.select_related("case").filter(
            **({"finding": finding} if finding is not None else {"safety_record": safety_record})
        ).first()
        if source is None:
            raise
        raise _already_opened(source) from None
    return case


def rectification_start(*, case: Case, actor, note: str = "") -> Case:
    """The responsible person starts rectifying (only they do: the notice was issued to them)."""
    with transaction.atomic():
        locked = lock_case(case)
        require_kind(locked, CaseKind.RECTIFICATION)
        if locked.handler_id != getattr(actor, "pk", None):
            raise ActionRefused(
                _("Only the responsible person of rectification %(number)s starts it.")
                % {"number": locked.number}
            )
        take_step(locked, action="start", actor=actor, reason=note, allow_special=True)
    return locked


def notice_content(case: Case) -> dict:
    rectification = case.rectification
    return {
        "subject": case.subject,
        "finding": rectification.finding_text,
        "requirements": rectification.requirements,
        "unit": rectification.unit,
        "deadline": rectification.deadline.isoformat(),
        "responsible": case.handler_id,
        "issued_by": case.opened_by_id,
    }


def rectification_notice_print(
    *, case: Case, actor, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """Print the rectification notice (整改通知书): every print is a recorded slip with its own
    verification code; a second print says why."""
    require_perm(actor, VIEW_PERMISSION)
    require_kind(case, CaseKind.RECTIFICATION)
    if not (actor.has_perm(ISSUE_PERMISSION) or case.handler_id == actor.pk):
        raise ActionRefused(
            _("The notice is printed by who issues rectifications or the responsible person.")
        )
    case = Case.objects.select_related("rectification", "handler", "opened_by").get(pk=case.pk)
    rectification = case.rectification
    return case_slip_print(
        case=case, kind=CaseSlipKind.RECTIFICATION_NOTICE, actor=actor,
        template=NOTICE_TEMPLATE,
        context={"rectification": rectification, "source": source_label(rectification)},
        content=notice_content(case), reprint_reason=reprint_reason,
    )


def source_label(rectification: Rectification) -> str:
    """What the rectification answers, in a few words (the notice and the case page)."""
    if rectification.finding_id:
        inspection = rectification.finding.inspection
        return _("%(kind)s of %(date)s, checkpoint “%(checkpoint)s”") % {
            "kind": inspection.get_kind_display(),
            "date": inspection.inspected_on.isoformat(),
            "checkpoint": rectification.finding.checkpoint,
        }
    if rectification.safety_record_id:
        record = rectification.safety_record
        return _("%(kind)s of %(date)s, %(place)s") % {
            "kind": record.get_kind_display(), "date": record.occurred_on.isoformat(),
            "place": record.place,
        }
    return ""
