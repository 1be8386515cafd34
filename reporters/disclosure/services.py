"""External disclosure of report information (REP-9). A request names the recipient outside
the centre, the purpose and the reports; another manager approves or refuses it (four eyes);
report information leaves the centre only as the package of an approved request, and every
package given out is recorded in the audit log against each report."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import DisclosureRequest, DisclosureStatus, Report, ReportStatus
from residents.audit.context import Event, entries
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

REQUEST = "reporters.manage_reporters"
APPROVE = "reporters.approve_disclosure"
PURPOSE = "report_disclosure"  # ReporterPurpose.REPORT_DISCLOSURE


def disclosure_request(
    *, actor: User, recipient: str, purpose: str, content: str, reports: QuerySet[Report] | list
) -> DisclosureRequest:
    require_perm(actor, REQUEST)
    reports = list(reports)
    if not reports:
        raise ActionRefused(_("Choose the reports whose information is to be given."),
                            field="reports")
    if any(report.status == ReportStatus.DRAFT for report in reports):
        raise ActionRefused(_("A draft report is never given out."), field="reports")
    with transaction.atomic():
        request = DisclosureRequest.objects.create(
            recipient=recipient, purpose=purpose, content=content, requested_by=actor
        )
        request.reports.set(reports)
        return request


def disclosure_decide(
    *, actor: User, disclosure: DisclosureRequest, approve: bool, note: str
) -> DisclosureRequest:
    """Approve or refuse: by a manager who may approve, never the one who asked."""
    require_perm(actor, APPROVE)
    with transaction.atomic():
        disclosure = DisclosureRequest.objects.select_for_update().get(pk=disclosure.pk)
        if disclosure.status != DisclosureStatus.REQUESTED:
            raise ActionRefused(_("This request has already been decided."))
        if disclosure.requested_by_id == actor.pk:
            raise ActionRefused(
                _("Another manager decides on a request you made (four eyes).")
            )
        if not approve and not note.strip():
            raise ActionRefused(_("Give the reason for refusing."), field="note")
        disclosure.status = DisclosureStatus.APPROVED if approve else DisclosureStatus.REFUSED
        disclosure.decided_by = actor
        disclosure.decided_at = timezone.now()
        disclosure.decision_note = note
        disclosure.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        return disclosure


def disclosure_refusal(disclosure: DisclosureRequest | None) -> ActionRefused | None:
    """Why report information may not be given out under `disclosure`, or None: the one
    check of every export or print of reports for anyone outside the centre."""
    if disclosure is None or disclosure.status != DisclosureStatus.APPROVED:
        return ActionRefused(
            _("Report information is given outside only under an approved disclosure request.")
        )
    return None


def disclosure_release(*, actor: User, disclosure: DisclosureRequest, request=None) -> list:
    """Give out the approved request's reports: record it (the request and, in the audit log,
    each report) and return the reports for the package."""
    require_perm(actor, REQUEST)
    with transaction.atomic():
        disclosure = DisclosureRequest.objects.select_for_update().get(pk=disclosure.pk)
        refusal = disclosure_refusal(disclosure)
        if refusal is not None:
            raise refusal
        reports = list(disclosure.reports.select_related("author").order_by("number"))
        disclosure.released_at = timezone.now()
        disclosure.release_count += 1
        disclosure.save(update_fields=["released_at", "release_count"])
        LogEntry.objects.bulk_create(entries(
            model=Report, pks=[report.pk for report in reports], action=LogEntry.Action.ACCESS,
            actor=actor, request=request,
            data={"event": Event.EXPORT, "field_groups": [], "purpose": PURPOSE,
                  "disclosure": disclosure.pk, "recipient": disclosure.recipient},
        ))
        return reports
