"""Residents report a change in their own situation online (TRK-5); staff confirm it against
the record as online feedback, or dismiss it. A report never changes the record itself.

Identity is the ID number and the phone on record, matched here on the server; the public page
answers the same whether or not they matched, so it tells nobody who is registered.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from residents import roles
from residents.common.errors import ActionRefused
from residents.common.validation import id_numbers_match, normalise_phone, typed_id_number
from residents.models import (
    ContactKind,
    ContactRecord,
    RegistrationStatus,
    Resident,
    SelfReport,
    SelfReportAspect,
    SelfReportStatus,
)
from residents.notifications.services import notification_send, role_members

TEXT_MAX = 2000


def _resident_matching(id_number: str, phone: str) -> Resident | None:
    typed = typed_id_number(id_number)
    try:
        phone = normalise_phone(phone)
    except ValidationError:  # a malformed phone simply matches nobody
        return None
    candidate = Resident.objects.filter(
        id_number=typed, status=RegistrationStatus.VERIFIED
    ).first()
    if candidate is None or not id_numbers_match(typed, candidate.id_number):
        return None
    if not phone or (candidate.phone or "") != phone:
        return None
    return candidate


def self_report_submit(
    *, id_number: str, phone: str, aspect: str, text: str, consent: bool
) -> SelfReport | None:
    """Keep the report for staff when the ID number and phone match a verified resident;
    None otherwise (the caller answers the same either way)."""
    if not consent:
        raise ActionRefused(
            _("Tick the consent box: without it the centre cannot keep your report."),
            field="consent",
        )
    if aspect not in SelfReportAspect.values:
        raise ActionRefused(_("Choose what changed from the list."), field="aspect")
    text = (text or "").strip()
    if not text:
        raise ActionRefused(_("Describe the change in a few words."), field="text")
    with transaction.atomic():
        resident = _resident_matching(id_number, phone)
        if resident is None:
            return None
        now = timezone.now()
        report = SelfReport(
            resident=resident, aspect=aspect, text=text[:TEXT_MAX], consent_at=now,
        )
        report.full_clean()
        report.save()
        # Staff are told that a report waits, never by whom or about what.
        notification_send(
            recipients=role_members(roles.FRONT_DESK),
            text=_("A resident reported a change online (report #%(id)s): confirm it against "
                   "the record.") % {"id": report.pk},
            url=reverse("residents:self_report_list"),
            key=f"self-report:{report.pk}",
        )
    return report


def _locked_pending(report: SelfReport) -> SelfReport:
    locked = SelfReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != SelfReportStatus.PENDING:
        raise ActionRefused(_("This report was already handled."))
    return locked


def self_report_confirm(*, report: SelfReport, note: str, actor) -> SelfReport:
    """Staff checked the report against the record: it becomes online feedback (a tracking
    record); any change to the record itself goes through a change request."""
    if not actor.has_perm("residents.change_selfreport") or not actor.has_perm(
        "residents.add_contactrecord"
    ):
        raise ActionRefused(_("You are not allowed to confirm residents' reports."))
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked_pending(report)
        now = timezone.now()
        record = ContactRecord(
            resident=locked.resident, kind=ContactKind.ONLINE,
            occurred_on=timezone.localdate(locked.submitted_at), staff=actor,
            summary=f"{SelfReportAspect(locked.aspect).label}：{locked.text}",
            follow_up=note,
        )
        record.full_clean()
        record.save()
        locked.status = SelfReportStatus.CONFIRMED
        locked.handled_by, locked.handled_at = actor, now
        locked.handling_note = note
        locked.contact_record = record
        locked.save(update_fields=[
            "status", "handled_by", "handled_at", "handling_note", "contact_record",
        ])
    return locked


def self_report_dismiss(*, report: SelfReport, note: str, actor) -> SelfReport:
    if not actor.has_perm("residents.change_selfreport"):
        raise ActionRefused(_("You are not allowed to dismiss residents' reports."))
    note = (note or "").strip()
    if not note:
        raise ActionRefused(_("Say why the report is dismissed."), field="note")
    with transaction.atomic():
        locked = _locked_pending(report)
        locked.status = SelfReportStatus.DISMISSED
        locked.handled_by, locked.handled_at = actor, timezone.now()
        locked.handling_note = note
        locked.save(update_fields=["status", "handled_by", "handled_at", "handling_note"])
    return locked
