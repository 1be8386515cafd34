"""Filing information reports (REP-2, REP-3, REP-10) and naming residents in them (ACC-2)."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.documents import IMAGES_AND_PDF, store
from reporters.models import (
    Report,
    ReportAttachment,
    ReporterProfile,
    ReportResident,
    ReportSequence,
    ReportStatus,
    ReportSubmission,
)
from reporters.profiles.services import may_file
from reporters.reports.rules import ALL_CATEGORY_FIELDS, CATEGORY_FIELDS, EDITABLE_FIELDS
from reporters.reports.rules import missing_fields as _missing
from residents.audit.context import Event, entries
from residents.common.errors import ActionRefused
from residents.common.numbering import year_counter_next
from residents.common.validation import ARCHIVE_NUMBER_RE, id_numbers_match, typed_id_number
from residents.models import DocumentKind, RegistrationStatus, Resident
from residents.people.selectors import normalise_archive_number

EDITABLE = (ReportStatus.DRAFT, ReportStatus.REJECTED)
LINK_PURPOSE = "report_link"  # ReporterPurpose.REPORT_LINK


def number_next(kind: str, prefix: str) -> str:
    """The next report or emergency number of the year (gapless, inside the transaction)."""
    year = timezone.localdate().year
    serial = year_counter_next(model=ReportSequence, year=year, kind=kind)
    return f"{prefix}{year}-{serial:05d}"


def _refuse_unless_filer(actor: User) -> ReporterProfile:
    refusal = may_file(actor)
    if refusal is not None:
        raise refusal
    return ReporterProfile.objects.get(user=actor)


def _clean_values(values: dict) -> dict:
    category = values["category"]
    kept = set(CATEGORY_FIELDS.get(category, ()))
    cleaned = {}
    for field in EDITABLE_FIELDS:
        value = values.get(field)
        if field in ALL_CATEGORY_FIELDS and field not in kept:
            value = None if field == "occurred_at" else ""
        if value is None and field != "occurred_at":
            value = ""
        cleaned[field] = value
    return cleaned


def report_create(*, actor: User, **values) -> Report:
    """A new draft of the reporter's own (the agreement must be signed first)."""
    profile = _refuse_unless_filer(actor)
    with transaction.atomic():
        return Report.objects.create(
            number=number_next("report", "XB"), author=actor, group=profile.group,
            **_clean_values(values),
        )


def report_update(*, actor: User, report: Report, **values) -> Report:
    _refuse_unless_filer(actor)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.author_id != actor.pk:
            raise ActionRefused(_("Only the author corrects a report."))
        if report.status not in EDITABLE:
            raise ActionRefused(_("Only drafts and returned reports can be corrected."))
        for field, value in _clean_values(values).items():
            setattr(report, field, value)
        report.save()
        return report


def _snapshot(report: Report) -> dict:
    data = model_to_dict(report, fields=EDITABLE_FIELDS)
    return {k: (v.isoformat() if isinstance(v, datetime.datetime) else v) for k, v in data.items()}


def report_submit(*, actor: User, report: Report) -> Report:
    """Submit a draft, or resubmit a corrected one: each submission is kept as it was."""
    profile = _refuse_unless_filer(actor)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.author_id != actor.pk:
            raise ActionRefused(_("Only the author submits a report."))
        if report.status not in EDITABLE:
            raise ActionRefused(_("This report has already been submitted."))
        missing = _missing(report)
        if missing:
            labels = ", ".join(str(Report._meta.get_field(f).verbose_name) for f in missing)
            raise ActionRefused(
                _("Fill in what this category of report needs first: %(fields)s.")
                % {"fields": labels}
            )
        now = timezone.now()
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.group = profile.group
        report.save(update_fields=["status", "submitted_at", "first_submitted_at", "group"])
        ReportSubmission.objects.create(report=report, submitted_at=now, content=_snapshot(report))
        return report


class LinkLimitReached(ActionRefused):
    pass


def _match(number: str) -> Resident | None:
    """The verified resident with this archive number or full ID number, or None."""
    archive = normalise_archive_number(number)
    verified = Resident.objects.filter(status=RegistrationStatus.VERIFIED)
    if ARCHIVE_NUMBER_RE.match(archive):
        return verified.filter(archive_number=archive).first()
    typed = typed_id_number(number)
    if len(typed) != 18:
        return None
    candidate = verified.filter(id_number=typed).first()
    return candidate if candidate and id_numbers_match(number, candidate.id_number) else None


def _attempts_since(actor: User, since) -> int:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Report), actor=actor,
        action=LogEntry.Action.ACCESS, timestamp__gte=since,
        additional_data__purpose=LINK_PURPOSE,
    ).count()


def _record_attempt(*, actor: User, report: Report, found: bool, request=None) -> None:
    """Every attempt is an entry of the append-only log, against the report (the number typed
    is not kept): the log is the record the limit counts, which nobody can reset."""
    LogEntry.objects.bulk_create(entries(
        model=Report, pks=[report.pk], action=LogEntry.Action.ACCESS, actor=actor,
        data={"event": Event.READ if found else Event.DENIED, "field_groups": [],
              "purpose": LINK_PURPOSE, "reason": "found" if found else "not_found"},
        request=request,
    ))


def resident_link(
    *, actor: User, report: Report, number: str, request=None
) -> ReportResident:
    """Name a resident in the author's own report by archive number or full ID number.

    Matched on the server: a wrong number says only "not found", the same for every reason,
    and every attempt is recorded in the audit log; after REPORT_LINK_ATTEMPTS_PER_HOUR
    attempts in an hour the reporter must wait.
    """
    _refuse_unless_filer(actor)
    report = Report.objects.get(pk=report.pk)
    if report.author_id != actor.pk or report.status not in EDITABLE:
        raise ActionRefused(_("Residents are named in your own drafts and returned reports."))
    since = timezone.now() - datetime.timedelta(hours=1)
    if _attempts_since(actor, since) >= settings.REPORT_LINK_ATTEMPTS_PER_HOUR:
        raise LinkLimitReached(_("Too many attempts; try again in an hour."), field="number")
    resident = _match(number)
    _record_attempt(actor=actor, report=report, found=resident is not None, request=request)
    if resident is None:
        raise ActionRefused(_("Not found."), field="number")
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        link, _created = ReportResident.objects.get_or_create(
            report=report, resident=resident, defaults={"linked_by": actor}
        )
        return link

ATTACHMENTS_AT_MOST = 10


def report_attach(*, actor: User, report: Report, data: bytes, description: str):
    """Attach a photo or a PDF to the author's own draft or returned report."""
    _refuse_unless_filer(actor)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.author_id != actor.pk or report.status not in EDITABLE:
            raise ActionRefused(_("Files are attached to your own drafts and returned reports."))
        if report.attachments.count() >= ATTACHMENTS_AT_MOST:
            raise ActionRefused(
                _("A report takes at most %(count)s files.") % {"count": ATTACHMENTS_AT_MOST},
                field="file",
            )
        document = store(data=data, kind=DocumentKind.REPORT_ATTACHMENT, uploaded_by=actor,
                         allowed=IMAGES_AND_PDF, field="file")
        return ReportAttachment.objects.create(
            report=report, document=document, description=description
        )
