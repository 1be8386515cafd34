"""Who viewed or changed my record (PIPL right to know): the resident's access report, as a PDF.

The report lists every read and every write of one resident's record and of its printed
slips, oldest first. Staff appear by role and staff number only, never by name or username.
The header shows the resident's identity as the printing user may see it (a front-desk print
carries the masked ID number). Printing the report is itself a recorded read, and the report
lists its own printing as its last line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policy_for
from residents.audit.context import Event
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.audit.trail import (
    changed_fields,
    event_of,
    field_label,
    group_labels,
    pks_as_text,
    purpose_text,
)
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm
from residents.common.staff import roles_of, staff_display
from residents.models import Resident, Slip
from residents.people import selectors as people

REPORT_PERMISSION = "residents.request_access_report"
REPORT_PURPOSE = ReadPurpose.ACCESS_REPORT


@dataclass(frozen=True)
class ReportRow:
    time: datetime.datetime
    staff: str
    what: str
    purpose: str


def report_entries(user, resident: Resident) -> QuerySet[LogEntry]:
    """Every log entry about the resident's record and slips, oldest first.

    The caller has already fetched `resident` through `people.resident_for_user`.
    """
    if not user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    types = ContentType.objects.get_for_models(Resident, Slip)
    return (
        LogEntry.objects.filter(
            Q(content_type=types[Resident], object_pk=str(resident.pk))
            | Q(
                content_type=types[Slip],
                object_pk__in=pks_as_text(Slip.objects.filter(resident_id=resident.pk)),
            )
        )
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )


def _joined(items: list[str]) -> str:
    return "、".join(items) or "—"


def what_happened(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if model is Slip:
        if entry.action == LogEntry.Action.CREATE:
            code = (changes.get("verification_code") or [None, ""])[-1]
            return _("Printed a registration confirmation slip (%(code)s)") % {"code": code}
        if entry.action == LogEntry.Action.UPDATE and "signed_on" in changes:
            return _("Recorded the signed confirmation slip")
        if entry.action == LogEntry.Action.UPDATE:
            return _("Changed the printed slip: %(fields)s") % {
                "fields": _joined(changed_fields(entry))
            }
    if entry.action == LogEntry.Action.CREATE:
        return _("Registered the record")
    if entry.action == LogEntry.Action.UPDATE:
        return _("Changed: %(fields)s") % {"fields": _joined(changed_fields(entry))}
    if entry.action == LogEntry.Action.DELETE:
        return _("Deleted the record")
    event = event_of(entry)
    if event == Event.REVEAL:
        field_name = (entry.additional_data or {}).get("field", "")
        return _("Revealed the full value of: %(field)s") % {
            "field": field_label(Resident, field_name) if field_name else "—"
        }
    if event == Event.DENIED:
        return _("Refused attempt: nothing was shown")
    if event == Event.EXPORT:
        return _("Exported: %(groups)s") % {"groups": group_labels(entry) or "—"}
    return _("Viewed: %(groups)s") % {"groups": group_labels(entry) or "—"}


def report_rows(user, resident: Resident) -> list[ReportRow]:
    entries = list(report_entries(user, resident))
    user_roles = roles_of(entry.actor_id for entry in entries)
    tz = timezone.get_default_timezone()
    return [
        ReportRow(
            time=timezone.localtime(entry.timestamp, tz),
            staff=staff_display(entry.actor, role=user_roles.get(entry.actor_id)),
            what=what_happened(entry),
            purpose=(
                purpose_text(entry, search_term=False)
                if entry.action == LogEntry.Action.ACCESS
                else ""
            ),
        )
        for entry in entries
    ]


def report_groups(policy: FieldPolicy) -> list[str]:
    """What the report shows of the resident: name and archive number, and the ID number."""
    groups = [FieldGroup.BASIC.value]
    if policy.can_see("id_number"):
        groups.append(FieldGroup.SENSITIVE.value)
    return groups


def render_access_report(
    *,
    resident: Resident,
    policy: FieldPolicy,
    rows: list[ReportRow],
    printed_at: datetime.datetime,
) -> bytes:
    return render_pdf(
        template="residents/pdf/access_report.html",
        context={
            "resident": resident,
            "id_number": policy.display_value(resident, "id_number") or "—",
            "rows": rows,
            "printed_at": timezone.localtime(printed_at, timezone.get_default_timezone()),
        },
    )


def report_filename(resident: Resident, printed_at: datetime.datetime) -> str:
    # Archive number (or record number) and date: no name or ID number in a filename.
    day = timezone.localtime(printed_at, timezone.get_default_timezone())
    return f"access-report-{resident.archive_number or resident.pk}-{day:%Y%m%d}.pdf"


@require_POST
@never_cache
def access_report(request, pk: int):
    resident = people.resident_for_user(request.user, pk)
    require_perm(request.user, REPORT_PERMISSION)
    policy = policy_for(request.user, resident)
    printed_at = timezone.now()
    with transaction.atomic():
        record_reads(
            actor=request.user,
            residents=[resident],
            field_groups=report_groups(policy),
            purpose=REPORT_PURPOSE,
            request=request,
        )
        rows = report_rows(request.user, resident)
        pdf = render_access_report(
            resident=resident, policy=policy, rows=rows, printed_at=printed_at
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report_filename(resident, printed_at)}"'
    )
    response["Cache-Control"] = "no-store"
    return response
