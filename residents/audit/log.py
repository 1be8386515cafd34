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
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from residents.access.masking import full_mask
from residents.access.policy import SENSITIVE_FIELDS


class Event:
    """Values of additional_data["event"] on ACCESS entries."""

    READ = "read"
    REVEAL = "reveal"
    DENIED = "denied"
    EXPORT = "export"


# Personal content of comprehensive and key-person records is fully masked in the change log,
# like the sensitive fields of the resident record; the log keeps who changed what and when.
MASKED_RECORD_FIELDS = {
    "SocialContact": ["name", "phone", "note"],
    "StatusChange": ["previous", "current"],
    "HardshipEntry": ["kind", "disability_category", "disability_level", "note"],
    "HelpLedgerEntry": ["help_given", "next_step"],
    "KeyPersonEntry": ["category", "note"],
    "KeyPersonVisit": ["summary"],
    # The kind of a service can reveal economic status (低保, 特困供养).
    "ServiceRecord": ["kind", "note"],
}


def register_models() -> None:
    from residents import models

    auditlog.register(
        models.Resident,
        exclude_fields=["name_sort_key", "updated_at"],
        mask_fields=sorted(SENSITIVE_FIELDS),
    )
    auditlog.register(models.Slip, exclude_fields=["content_hash"])
    auditlog.register(models.AccessGrant)
    auditlog.register(models.ResidentUserObjectPermission)
    for name in (
        "SocialContact", "Household", "HouseholdMembership", "HardshipEntry", "HelpLedgerEntry",
        "KeyPersonEntry", "KeyPersonVisit", "ContactRecord", "StatusChange", "Emergency",
        "EmergencyFollowUp", "Recheck", "ServiceRecord", "Activity", "Participation",
        "VolunteerTeam", "VolunteerMembership",
    ):
        auditlog.register(getattr(models, name), mask_fields=MASKED_RECORD_FIELDS.get(name, []))


# Who is acting and from where, for entries written without a request at hand (bulk writes).
# Set per request by residents.audit.middleware.AuditMiddleware, or by `acting_as` outside requests;
# auditlog's own context variable is never cleared, so it cannot serve here.
_acting: ContextVar[dict | None] = ContextVar("residents_audit_acting", default=None)


@contextmanager
def acting_as(actor, remote_addr: str | None = None):
    """Attribute every write and read entry in the block to `actor` (auditlog's too)."""
    token = _acting.set({"actor": actor, "remote_addr": remote_addr})
    try:
        with set_actor(actor, remote_addr=remote_addr):
            yield
    finally:
        _acting.reset(token)


@contextmanager
def request_context(request):
    """The request's actor and address, for entries written while it is handled."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    token = _acting.set({"actor": actor, "remote_addr": client_address(request)})
    try:
        yield
    finally:
        _acting.reset(token)


def _context() -> dict:
    return _acting.get() or {}


def client_address(request=None) -> str | None:
    if request is not None:
        return request.META.get("REMOTE_ADDR") or None
    return _context().get("remote_addr")


def _actor_id(actor) -> int | None:
    if actor is None:
        actor = _context().get("actor")
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.pk
    return None


def _entries(
    *,
    model: type[models.Model],
    pks: Iterable,
    action: int,
    actor,
    data: dict,
    request=None,
    changes: dict | None = None,
) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    actor_id = _actor_id(actor)
    address = client_address(request)
    label = model._meta.object_name
    return [
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk if isinstance(pk, int) else None,
            object_repr=f"{label} #{pk}",
            action=action,
            actor_id=actor_id,
            remote_addr=address,
            timestamp=now,
            additional_data=data,
            changes=changes,
            changes_text="",
        )
        for pk in pks
    ]


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
                _actor_id(actor),
                client_address(request),
                timezone.now(),
                json.dumps(data, ensure_ascii=False),
                [resident.pk for resident in residents],
            ],
        )
    return len(residents)


def record_denied(*, actor, resident_pk, purpose: str, reason: str, request=None) -> None:
    """A refused attempt on a resident URL (404 or 403): a read that showed nothing."""
    from residents.models import Resident

    LogEntry.objects.bulk_create(
        _entries(
            model=Resident,
            pks=[resident_pk],
            action=LogEntry.Action.ACCESS,
            actor=actor,
            data={"event": Event.DENIED, "field_groups": [], "purpose": purpose, "reason": reason},
            request=request,
        )
    )


def record_export(
    *, actor, model: type[models.Model], description: str, request=None, extra: dict | None = None
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
        actor_id=_actor_id(actor),
        remote_addr=client_address(request),
        timestamp=timezone.now(),
        additional_data={"event": Event.EXPORT, "field_groups": [], **(extra or {})},
        changes=None,
        changes_text="",
    )
    LogEntry.objects.bulk_create([entry])
    return entry


def record_bulk_write(
    *, model: type[models.Model], pks: Iterable, action: int, changes: dict, actor=None
) -> None:
    """Entries for writes that bypass auditlog's signals (queryset update, bulk_create)."""
    # The same fields are masked as in auditlog's own entries for the model (its registration).
    mask_fields = (
        set(auditlog.get_model_fields(model)["mask_fields"]) if auditlog.contains(model) else set()
    )
    masked = {
        # The old value is not known here (None): masked all the same.
        field: [full_mask(str(value or "?")) for value in values] if field in mask_fields
        else values
        for field, values in changes.items()
    }
    LogEntry.objects.bulk_create(
        _entries(
            model=model,
            pks=pks,
            action=action,
            actor=actor,
            data={"event": "bulk_write"},
            changes=masked,
        )
    )


class AuditedQuerySet(models.QuerySet):
    """Bulk writes on audited models write their audit entries too: nothing is silently unlogged."""

    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            record_bulk_write(
                model=self.model,
                pks=pks,
                action=LogEntry.Action.UPDATE,
                changes={field: [None, _jsonable(value)] for field, value in kwargs.items()},
            )
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in created if obj.pk is not None]
        if pks:
            record_bulk_write(
                model=self.model, pks=pks, action=LogEntry.Action.CREATE, changes={}
            )
        return created


def _jsonable(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Expression | models.F):
        return "(expression)"
    return str(value)
