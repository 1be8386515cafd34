"""Audit: django-auditlog records writes; `record_reads` is the one helper that records reads.

Read entries are auditlog LogEntry rows with action ACCESS, bulk-inserted so that a list page
costs one INSERT however many rows it shows. Bulk inserts skip auditlog's signals, so actor and
address are set here: from the request, or from the context auditlog's middleware keeps.
Special reads (a reveal, a denied attempt, a printed report, an export) are ACCESS entries too,
told apart by `additional_data["event"]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from residents import models
from residents.access.fields import SENSITIVE_FIELDS
from residents.access.masking import mask_search_term
from residents.audit.context import Event, actor_id, client_address, entries
from residents.audit.purposes import is_registered

# Personal content of comprehensive and key-person records is fully masked in the change log,
# like the sensitive fields of the resident record; the log keeps who changed what and when.
MASKED_RECORD_FIELDS = {
    models.SocialContact: ["name", "phone", "note"],
    models.StatusChange: ["previous", "current"],
    models.HardshipEntry: ["kind", "disability_category", "disability_level", "note"],
    models.HelpLedgerEntry: ["help_given", "next_step"],
    models.KeyPersonEntry: ["category", "note"],
    models.KeyPersonVisit: ["summary"],
    # The kind of a service can reveal economic status (低保, 特困供养).
    models.ServiceRecord: ["kind", "note"],
    # A resident's own report may tell their health or income (TRK-5).
    models.SelfReport: ["aspect", "text", "handling_note"],
    models.ResidentDocument: ["number"],
    models.HukouMove: ["from_place", "to_place", "note"],
    # Free texts that staff write about one resident: in clear they would outlive the
    # resident's destruction in the append-only log (ARC-9).
    models.ContactRecord: ["summary", "follow_up"],
    models.Emergency: ["description", "help_given", "closing_note"],
    models.EmergencyFollowUp: ["note"],
    models.Recheck: ["note"],
    models.Participation: ["note"],
}
AUDITED_RECORDS = (
    models.SocialContact, models.Household, models.HouseholdMembership, models.HardshipEntry,
    models.HelpLedgerEntry, models.KeyPersonEntry, models.KeyPersonVisit, models.ContactRecord,
    models.StatusChange, models.Emergency, models.EmergencyFollowUp, models.Recheck,
    models.ServiceRecord, models.Activity, models.Participation, models.VolunteerTeam,
    models.VolunteerMembership, models.SelfReport, models.ResidentDocument, models.HukouMove,
)


def register_models() -> None:
    from residents.audit import sealing

    # A resident's personal values are encrypted before an entry is written (ACC-14).
    sealing.connect()
    auditlog.register(
        models.Resident,
        exclude_fields=["name_sort_key", "updated_at"],
        mask_fields=sorted(SENSITIVE_FIELDS),
    )
    auditlog.register(models.Slip, exclude_fields=["content_hash"])
    auditlog.register(models.FormPrint, exclude_fields=["content_hash"])
    auditlog.register(models.AccessGrant, mask_fields=["purpose", "decision_note"])
    # Every change to accounts, roles and permissions (ACC-7), memberships included; password
    # hashes are masked.
    auditlog.register(
        User, mask_fields=["password"], exclude_fields=["last_login"],
        m2m_fields={"groups", "user_permissions"},
    )
    # Roles (groups) and their permissions change only through data migrations: the admin
    # site edits none (residents/accounts/admin.py). Memberships are logged on the user.
    auditlog.register(models.AccountChange, mask_fields=["reason", "decision_note"])
    auditlog.register(models.ResidentUserObjectPermission)
    # A failed background job queued again, by whom and from where.
    auditlog.register(models.JobRetry)
    # A backup file checked from the backups page, by whom and with what result.
    auditlog.register(models.BackupVerification)
    # Imports (DAT-1): the column mappings, and each file's batch (who, which file, confirmed
    # when); the file and its rows' values stay out of the log.
    auditlog.register(models.ImportProfile)
    auditlog.register(
        models.ImportBatch,
        include_fields=["source", "started_by", "sha256", "status", "confirmed_at"],
    )
    for model in AUDITED_RECORDS:
        auditlog.register(model, mask_fields=MASKED_RECORD_FIELDS.get(model, []))


# One statement for a whole page of reads: the values all rows share are sent once, and the
# row values come from unnest() over the residents' keys. Every NOT NULL column is named.
_ACCESS_INSERT = """
INSERT INTO {table} (content_type_id, object_pk, object_id, object_repr, action, actor_id,
                     remote_addr, timestamp, additional_data, changes_text)
SELECT %s, pk::text, pk, %s || pk::text, %s, %s, %s::inet, %s, %s::jsonb, ''
FROM unnest(%s::bigint[]) AS pk
"""


def record_reads(
    *,
    actor,
    residents: Sequence,
    field_groups: Iterable[str],
    purpose: str,
    request=None,
    extra: dict | None = None,
    event: str = Event.READ,
) -> int:
    """Record one ACCESS entry per resident shown, in a single INSERT. Returns the count."""
    if not is_registered(purpose):
        # A programming error, caught by the tests of the page: the trail needs a label.
        raise ValueError(f"unregistered read purpose: {purpose!r}")
    if not residents:
        return 0
    model = residents[0].__class__
    data = {
        "event": event,
        "field_groups": sorted(str(group) for group in field_groups),
        "purpose": purpose,
        **(extra or {}),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            _ACCESS_INSERT.format(table=connection.ops.quote_name(LogEntry._meta.db_table)),
            [
                ContentType.objects.get_for_model(model).pk,
                f"{model._meta.object_name} #",
                LogEntry.Action.ACCESS,
                actor_id(actor),
                client_address(request),
                timezone.now(),
                json.dumps(data, ensure_ascii=False),
                [resident.pk for resident in residents],
            ],
        )
    return len(residents)


def record_search(
    *,
    actor,
    residents: Sequence,
    query: str,
    hits: int,
    field_groups: Iterable[str],
    purpose: str,
    request=None,
) -> None:
    """A search (ACC-9): its term, numbers masked, and its number of hits, on every read entry.

    A search that shows nobody is one entry of its own, naming no resident, so that every
    term typed is in the log: a series of searches probing for a number shows up too.
    """
    extra = {"term": mask_search_term(query), "hits": hits}
    if residents:
        record_reads(
            actor=actor, residents=residents, field_groups=field_groups, purpose=purpose,
            request=request, extra=extra,
        )
        return
    if not is_registered(purpose):
        raise ValueError(f"unregistered read purpose: {purpose!r}")
    from residents.models import Resident

    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(Resident),
        object_pk="",
        object_id=None,
        object_repr=f"{Resident._meta.object_name} search",
        action=LogEntry.Action.ACCESS,
        actor_id=actor_id(actor),
        remote_addr=client_address(request),
        timestamp=timezone.now(),
        additional_data={"event": Event.READ, "field_groups": [], "purpose": purpose, **extra},
        changes=None,
        changes_text="",
    )
    LogEntry.objects.bulk_create([entry])


def record_denied(
    *, actor, resident_pk, purpose: str, reason: str, request=None, extra: dict | None = None
) -> None:
    """A refused attempt on a resident URL (404 or 403), or a failed check before a print:
    a read that showed nothing. `extra` must hold no personal data (e.g. a case number)."""
    from residents.models import Resident

    data = {
        "event": Event.DENIED, "field_groups": [], "purpose": purpose, "reason": reason,
        **(extra or {}),
    }
    LogEntry.objects.bulk_create(
        entries(
            model=Resident,
            pks=[resident_pk],
            action=LogEntry.Action.ACCESS,
            actor=actor,
            data=data,
            request=request,
        )
    )


def denied_times(*, resident_pk, reason: str, since) -> list:
    """When attempts on one resident were refused for one reason after a moment, oldest first
    (a limit on retries counts them).

    The append-only log is the record of failed checks: the application cannot delete an
    entry to reset a count.
    """
    from residents.models import Resident

    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident),
            object_pk=str(resident_pk),
            action=LogEntry.Action.ACCESS,
            timestamp__gt=since,
            additional_data__event=Event.DENIED,
            additional_data__reason=reason,
        )
        .order_by("timestamp")
        .values_list("timestamp", flat=True)
    )


def record_export(
    *, actor, model: type[Model], description: str, request=None, extra: dict | None = None
) -> LogEntry:
    """One ACCESS entry for an export of many rows (e.g. the audit trail): who, what, how many.

    `extra` carries the purpose, the filters and the row count; it must hold no personal data.
    """
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_id=None,
        object_repr=description,
        action=LogEntry.Action.ACCESS,
        actor_id=actor_id(actor),
        remote_addr=client_address(request),
        timestamp=timezone.now(),
        additional_data={"event": Event.EXPORT, "field_groups": [], **(extra or {})},
        changes=None,
        changes_text="",
    )
    LogEntry.objects.bulk_create([entry])
    return entry
