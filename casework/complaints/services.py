"""Complaints and suggestions (CMP-1…CMP-3, QRY-2): registration by staff and through the
public online form, and publishing handled complaints on the public board (公示).

Investigating, escalating, handling, feedback and return visits are steps of the one engine
(`casework.engine.services`); what is particular to complaints lives here. Each service runs in one
transaction, refuses with a reason the user can read (ActionRefused) and records a CaseStep.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.engine.next_steps import NextStep, role_for, step_text
from casework.engine.services import case_open, lock_case
from casework.models import Case, CaseChannel, CaseKind, CaseStep
from residents.common.errors import ActionRefused
from residents.models import Resident

PUBLISH_PERMISSION = "casework.publish_case"
PUBLISH_ACTION = "publish"
UNPUBLISH_ACTION = "unpublish"
# Only complaints whose return visit closed them are published (CMP-3: results are public).
PUBLISHABLE_STATUS = "closed"
STAFF_CHANNELS = (CaseChannel.WINDOW, CaseChannel.HOTLINE)


class ComplaintType(models.TextChoices):
    COMPLAINT = "complaint", gettext_lazy("Complaint")
    SUGGESTION = "suggestion", gettext_lazy("Suggestion")


# Stored in front of the subject, so lists and the case page show which it is without a
# model field of its own; fixed Chinese data, not UI text, so it reads the same in any language.
TYPE_MARKS: dict[str, str] = {
    ComplaintType.COMPLAINT: "【投诉】",
    ComplaintType.SUGGESTION: "【建议】",
}
SUBJECT_MAX_LENGTH = Case._meta.get_field("subject").max_length - 4


def complaint_type_of(case: Case) -> ComplaintType:
    """Complaint or suggestion, read from the subject's mark (unmarked cases are complaints)."""
    if case.subject.startswith(TYPE_MARKS[ComplaintType.SUGGESTION]):
        return ComplaintType.SUGGESTION
    return ComplaintType.COMPLAINT


def _marked_subject(kind: str, subject: str) -> str:
    try:
        kind = ComplaintType(kind)
    except ValueError:
        raise ActionRefused(_("Choose whether it is a complaint or a suggestion.")) from None
    subject = subject.strip()
    if not subject:
        raise ActionRefused(_("State the subject of the case."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ActionRefused(
            _("The subject may have at most %(max)d characters.") % {"max": SUBJECT_MAX_LENGTH}
        )
    return TYPE_MARKS[kind] + subject


def _content(details: str) -> str:
    details = details.strip()
    if not details:
        raise ActionRefused(_("Write down the content of the complaint or suggestion."))
    return details


def complaint_register(
    *,
    actor,
    channel: str,
    complaint_type: str,
    subject: str,
    details: str,
    resident: Resident | None = None,
    applicant_name: str = "",
    applicant_contact: str = "",
) -> Case:
    """Register a complaint or suggestion taken at the window or by the hotline (CMP-1)."""
    if channel not in STAFF_CHANNELS:
        raise ActionRefused(_("Staff register complaints taken at the window or by the hotline."))
    return case_open(
        kind=CaseKind.COMPLAINT,
        subject=_marked_subject(complaint_type, subject),
        details=_content(details),
        actor=actor,
        time_limit_days=settings.COMPLAINT_TIME_LIMIT_DAYS,
        resident=resident,
        applicant_name=applicant_name,
        applicant_contact=applicant_contact,
        channel=channel,
    )


def complaint_submit_online(
    *, name: str, contact: str, complaint_type: str, subject: str, details: str, consent: bool
) -> Case:
    """A complaint or suggestion sent through the public form: no actor, channel online.

    Consent to using the data for handling it (PRI-1) is a condition of sending the form, so
    every online case carries it; without it nothing is saved.
    """
    if not consent:
        raise ActionRefused(
            _("Agree to the use of your details for handling the complaint, or we cannot "
              "accept it.")
        )
    if not name.strip():
        raise ActionRefused(_("Give your name."))
    if not contact.strip():
        raise ActionRefused(_("Give a phone number we can reach you at."))
    return case_open(
        kind=CaseKind.COMPLAINT,
        subject=_marked_subject(complaint_type, subject),
        details=_content(details),
        actor=None,
        time_limit_days=settings.COMPLAINT_TIME_LIMIT_DAYS,
        applicant_name=name,
        applicant_contact=contact,
        channel=CaseChannel.ONLINE,
    )


# What looks like a mainland mobile number or a resident ID number (18 or old 15 digits).
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER_RE = re.compile(r"(?<!\d)(\d{17}[\dX]|\d{15})(?![\dX])")
# Spaces, dashes, dots and brackets people put inside numbers and names.
_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—·•.()（）]+")
MIN_NAME_LENGTH = 2
MIN_NUMBER_LENGTH = 5


def _compact(value: str) -> str:
    """NFKC (full-width digits and letters to ASCII), upper case, without separators."""
    return _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def _personal_values(case: Case) -> list[tuple[str, int, str]]:
    """(value, minimum length, what it is) for each personal value the texts must not hold."""
    values = [
        (case.applicant_name, MIN_NAME_LENGTH, _("the applicant's name")),
        (case.applicant_contact, MIN_NUMBER_LENGTH, _("the applicant's contact")),
    ]
    resident = case.resident
    if resident is not None:
        values += [
            (resident.name, MIN_NAME_LENGTH, _("the resident's name")),
            (resident.id_number, MIN_NUMBER_LENGTH, _("the resident's ID number")),
            (resident.phone, MIN_NUMBER_LENGTH, _("the resident's phone number")),
            (resident.address, MIN_NUMBER_LENGTH, _("the resident's address")),
        ]
    return values


def personal_data_in(text: str, case: Case) -> str | None:
    """What personal information the text holds (a description, never the value), or None."""
    compact = _compact(text)
    for value, min_length, what in _personal_values(case):
        value = _compact(value)
        if len(value) >= min_length and value in compact:
            return what
    if ID_NUMBER_RE.search(compact):
        return _("something that looks like an ID number")
    if MOBILE_RE.search(compact):
        return _("something that looks like a mobile phone number")
    return None


def complaint_publish(*, case: Case, actor, summary: str, result: str) -> Case:
    """Publish a closed complaint's summary and result on the public board (CMP-3).

    Both texts are written for the public: any personal information in them is refused. A
    published complaint may be published again with corrected texts.
    """
    if not actor.has_perm(PUBLISH_PERMISSION):
        raise ActionRefused(_("You are not allowed to publish complaints on the public board."))
    summary, result = summary.strip(), result.strip()
    if not summary or not result:
        raise ActionRefused(_("Write both the public summary and the public result."))
    with transaction.atomic():
        locked = lock_case(case)
        if locked.kind != CaseKind.COMPLAINT:
            raise ActionRefused(_("Only complaints and suggestions are published on the board."))
        if locked.status != PUBLISHABLE_STATUS:
            raise ActionRefused(
                _("Case %(number)s is not closed yet; only closed complaints are published.")
                % {"number": locked.number}
            )
        for label, text in ((_("The public summary"), summary), (_("The public result"), result)):
            found = personal_data_in(text, locked)
            if found:
                raise ActionRefused(
                    _("%(text)s contains %(what)s. The board is public: remove every personal "
                      "detail (names, contacts, ID numbers, addresses) and try again.")
                    % {"text": label, "what": found}
                )
        locked.public_summary = summary
        locked.public_result = result
        locked.published_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["public_summary", "public_result", "published_at"])
        # Not a workflow transition: the status stays, the step records who published.
        CaseStep.objects.create(
            case=locked, action=PUBLISH_ACTION, from_status=locked.status,
            to_status=locked.status, actor=actor,
        )
    return locked


def complaint_unpublish(*, case: Case, actor, reason: str = "") -> Case:
    """Withdraw a complaint from the public board; its texts stay for a later publication."""
    if not actor.has_perm(PUBLISH_PERMISSION):
        raise ActionRefused(_("You are not allowed to withdraw complaints from the public board."))
    with transaction.atomic():
        locked = lock_case(case)
        if locked.published_at is None:
            raise ActionRefused(
                _("Case %(number)s is not on the public board.") % {"number": locked.number}
            )
        locked.published_at = None
        locked.full_clean()
        locked.save(update_fields=["published_at"])
        CaseStep.objects.create(
            case=locked, action=UNPUBLISH_ACTION, from_status=locked.status,
            to_status=locked.status, decision_reason=reason.strip(), actor=actor,
        )
    return locked


def publication_next_step(case: Case) -> list[NextStep]:
    """A closed complaint not yet on the public board waits for a manager to publish it (CMP-3);
    named on the case page with the workflow's own next steps."""
    if case.status != PUBLISHABLE_STATUS or case.published_at is not None:
        return []
    return [NextStep(
        action=PUBLISH_ACTION,
        text=step_text(who=str(role_for(PUBLISH_PERMISSION)), step=_("Publish on the board")),
        permission=PUBLISH_PERMISSION,
    )]
