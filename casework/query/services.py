"""Query requests (QRY-1, 000 §8): a resident asks what the centre has registered about them.

The front desk opens the request with its purpose, checks the resident's identity document
(a special step), then prints the query result slip (查询结果单): the resident's own
information in full, and on request the list of who viewed or changed the record. The first
print answers the request. Each service runs in one transaction and locks the case it changes.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.cases.pdf import case_slip_print
from casework.cases.purposes import CasePurpose
from casework.engine.services import case_open, lock_case, require_kind, take_step
from casework.engine.workflows import status_label
from casework.models import Case, CaseKind, CaseSlip, CaseSlipKind
from residents.access.fields import RESULT_SECTIONS
from residents.access.policy import OWN_RECORD_POLICY
from residents.audit.context import DeniedReason
from residents.audit.log import denied_times, record_denied, record_reads
from residents.audit.pdf import REPORT_PERMISSION, report_rows
from residents.common.errors import ActionRefused
from residents.common.validation import id_numbers_match
from residents.models import Resident
from residents.people.presentation import display_rows

PURPOSE_MAX_LENGTH = 500
SUBJECT_MAX_CHARS = 60

OPENED = "opened"
IDENTITY_CHECKED = "identity_checked"
# The slip is printed after the identity check; reprints are allowed once answered.
PRINTABLE_STATUSES = frozenset({IDENTITY_CHECKED, "answered", "closed"})
PRINT_PERMISSION = "casework.change_case"
RESULT_TEMPLATE = "casework/pdf/query_result.html"
READ_PURPOSE = CasePurpose.QUERY_RESULT
# The form field the typed ID number comes from (a refusal shows next to it).
ID_FIELD = "id_number"

logger = logging.getLogger(__name__)


class IdentityDocumentChecked(models.TextChoices):
    ID_CARD = "id_card", gettext_lazy("Resident identity card")
    HUKOU_BOOKLET = "hukou_booklet", gettext_lazy("Household register booklet")
    PASSPORT = "passport", gettext_lazy("Passport")
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", gettext_lazy(
        "Residence permit for Hong Kong, Macao and Taiwan residents"
    )
    OTHER = "other", gettext_lazy("Other document")


def identity_document_label(value: str) -> str:
    labels = dict(IdentityDocumentChecked.choices)
    return str(labels.get(value, value)) if value else ""




def _subject(purpose: str) -> str:
    first_line = purpose.splitlines()[0].strip()
    return Truncator(first_line).chars(SUBJECT_MAX_CHARS)


def query_open(
    *, resident: Resident, actor, purpose: str, include_access_report: bool = False
) -> Case:
    """Open a query request (信息查询申请表) for a resident, with its purpose."""
    purpose = purpose.strip()
    if not purpose:
        raise ActionRefused(_("State the purpose of the query."))
    if len(purpose) > PURPOSE_MAX_LENGTH:
        raise ActionRefused(
            _("Keep the purpose within %(max)d characters.") % {"max": PURPOSE_MAX_LENGTH}
        )
    if include_access_report and not actor.has_perm(REPORT_PERMISSION):
        raise ActionRefused(
            _("You are not allowed to print who viewed or changed a resident's record.")
        )
    with transaction.atomic():
        case = case_open(
            kind=CaseKind.QUERY, subject=_subject(purpose), actor=actor,
            time_limit_days=settings.QUERY_TIME_LIMIT_DAYS, resident=resident, details=purpose,
        )
        if include_access_report:
            case.include_access_report = True
            case.full_clean()
            case.save(update_fields=["include_access_report"])
    return case


def query_identity_check(*, case: Case, actor, document: str, note: str = "") -> Case:
    """Record the identity document checked at the window (the step's actor checked it)."""
    require_kind(case, CaseKind.QUERY)
    if document not in IdentityDocumentChecked.values:
        raise ActionRefused(_("Choose the identity document that was checked."))
    note = note.strip()
    if document == IdentityDocumentChecked.OTHER and not note:
        raise ActionRefused(_("Name the document that was checked."))
    label = identity_document_label(document)
    with transaction.atomic():
        locked = lock_case(case)
        take_step(
            locked, action="check_identity", actor=actor,
            reason=f"{label}：{note}" if note else label, allow_special=True,
        )
        locked.identity_document = document
        locked.full_clean()
        locked.save(update_fields=["identity_document"])
    return locked


def result_sections(resident: Resident) -> list[dict]:
    """The resident's own record as the slip prints it: every field in full, by section."""
    return [
        {"key": key, "title": str(title), "rows": display_rows(resident, OWN_RECORD_POLICY, fields)}
        for key, title, fields in RESULT_SECTIONS
    ]


def _check_printable(case: Case) -> None:
    if case.status in PRINTABLE_STATUSES:
        return
    if case.status == OPENED:
        raise ActionRefused(
            _("Check the resident's identity first: the query result slip is printed only "
              "after the identity document has been checked.")
        )
    raise ActionRefused(
        _("Case %(number)s is “%(status)s”: no query result slip can be printed.")
        % {"number": case.number, "status": status_label(case.status)}
    )


def _card_refusal(*, case: Case, resident: Resident, actor, id_number: str) -> ActionRefused | None:
    """Check the ID number typed from the card presented against the record.

    The clerk sees the number masked, so a match shows that the card is at the window. Every
    wrong number is a refused attempt in the audit trail; once ID_CHECK_FAILURE_LIMIT wrong
    numbers were typed for the resident within the window (on any of their query cases, so
    that opening another case buys no more guesses), the check is refused without comparing.
    The caller holds the resident's row lock, so parallel tries are counted one after another.
    """
    limit = settings.ID_CHECK_FAILURE_LIMIT
    window = datetime.timedelta(minutes=settings.ID_CHECK_WINDOW_MINUTES)
    wrong = denied_times(
        resident_pk=resident.pk, reason=DeniedReason.ID_MISMATCH, since=timezone.now() - window
    )
    extra = {"case": case.number}
    if len(wrong) >= limit:
        record_denied(
            actor=actor, resident_pk=resident.pk, purpose=READ_PURPOSE,
            reason=DeniedReason.ID_CHECK_LIMIT, extra=extra,
        )
        logger.warning(
            "Query result slip of case %s refused: %d wrong ID numbers within %s",
            case.number, len(wrong), window,
        )
        again = timezone.localtime(wrong[-limit] + window)
        return ActionRefused(
            _("%(limit)d wrong ID numbers were typed for this resident within %(minutes)d "
              "minutes: printing is paused until %(time)s. Check the card presented, or ask "
              "a manager.")
            % {"limit": limit, "minutes": settings.ID_CHECK_WINDOW_MINUTES,
               "time": again.strftime("%H:%M")},
            field=ID_FIELD,
        )
    if id_numbers_match(id_number, resident.id_number):
        return None
    record_denied(
        actor=actor, resident_pk=resident.pk, purpose=READ_PURPOSE,
        reason=DeniedReason.ID_MISMATCH, extra=extra,
    )
    logger.warning("Query result slip of case %s refused: the ID number did not match", case.number)
    left = limit - len(wrong) - 1
    return ActionRefused(
        _("The ID number typed does not match the resident's record: nothing was printed. "
          "Type it again from the card presented (%(left)d tries left before printing is "
          "paused).")
        % {"left": max(left, 0)},
        field=ID_FIELD,
    )


def query_result_print(
    *, case: Case, actor, id_number: str, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """Print the query result slip; the first print answers the request.

    The slip carries the resident's own record in full, so every print, reprints of an
    answered or closed request included, needs the ID number typed from the card presented
    (`id_number`); a wrong one prints and records nothing but the refused attempt.
    The print is read-logged with every field group it holds.
    """
    require_kind(case, CaseKind.QUERY)
    if not actor.has_perm(PRINT_PERMISSION):
        raise ActionRefused(_("You are not allowed to print slips of a case."))
    with transaction.atomic():
        locked = lock_case(case)
        _check_printable(locked)
        if locked.include_access_report and not actor.has_perm(REPORT_PERMISSION):
            raise ActionRefused(
                _("You are not allowed to print who viewed or changed a resident's record.")
            )
        resident = Resident.objects.select_for_update().get(pk=locked.resident_id)
        # Returned, not raised: the refused attempt stays in the trail, nothing else is written.
        refusal = _card_refusal(case=locked, resident=resident, actor=actor, id_number=id_number)
        if refusal is None:
            slip, pdf = _print_result(locked, resident, actor, reprint_reason)
    if refusal is not None:
        raise refusal
    return slip, pdf


def _print_result(
    locked: Case, resident: Resident, actor, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """Render and record the slip (inside the caller's transaction, after the card check)."""
    sections = result_sections(resident)
    report = report_rows(actor, resident) if locked.include_access_report else None
    identity_step = (
        locked.steps.filter(action="check_identity").select_related("actor").last()
    )
    document = identity_document_label(locked.identity_document)
    content = {
        "archive_number": resident.archive_number,
        "purpose": locked.details,
        "identity_document": document,
        "identity_checked_by": identity_step.actor_id if identity_step else None,
        "sections": [(s["key"], s["rows"]) for s in sections],
        "access_report": [
            (row.time.isoformat(), row.staff, row.what, row.purpose) for row in report
        ] if report is not None else None,
    }
    first_print = locked.status == IDENTITY_CHECKED
    slip, pdf = case_slip_print(
        case=locked, kind=CaseSlipKind.QUERY_RESULT, actor=actor, template=RESULT_TEMPLATE,
        context={
            "resident": resident,
            "purpose": locked.details,
            "identity_document": document,
            "identity_step": identity_step,
            "sections": sections,
            "include_access_report": locked.include_access_report,
            "report_rows": report or [],
        },
        content=content, reprint_reason=reprint_reason,
    )
    # The address comes from the request's audit context (set by the middleware). The
    # access report on the slip lists the reads before this print.
    record_reads(
        actor=actor, residents=[resident], field_groups=OWN_RECORD_POLICY.shown_groups(),
        purpose=READ_PURPOSE, extra={"case": locked.number, "slip": slip.verification_code},
    )
    if first_print:
        take_step(
            locked, action="answer", actor=actor, allow_special=True,
            reason=_("Query result slip %(code)s printed") % {"code": slip.verification_code},
        )
    return slip, pdf
