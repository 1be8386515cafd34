"""Audit: django-auditlog records writes; `record_reads` is the one helper that records reads.

Read entries are auditlog LogEntry rows with action ACCESS, bulk-inserted so that a list page
costs one INSERT however many rows it shows. Bulk inserts skip auditlog's signals, so the actor
and address are set here explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from residents.access import SENSITIVE_FIELDS


def register_models() -> None:
    from residents.models import Resident, Slip

    auditlog.register(
        Resident,
        exclude_fields=["name_sort_key", "updated_at"],
        mask_fields=sorted(SENSITIVE_FIELDS),
    )
    auditlog.register(Slip, exclude_fields=["content_hash"])


def client_address(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_reads(
    *,
    actor,
    residents: Sequence,
    field_groups: Iterable[str],
    purpose: str,
    request=None,
    extra: dict | None = None,
) -> int:
    """Record one ACCESS entry per resident shown, in a single INSERT. Returns the count."""
    if not residents:
        return 0
    content_type = ContentType.objects.get_for_model(residents[0].__class__)
    now = timezone.now()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    data = {"field_groups": sorted(field_groups), "purpose": purpose, **(extra or {})}
    address = client_address(request)
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(resident.pk),
            object_id=resident.pk,
            object_repr=str(resident),
            action=LogEntry.Action.ACCESS,
            actor_id=actor_id,
            remote_addr=address,
            timestamp=now,
            additional_data=data,
            changes_text="",
        )
        for resident in residents
    ]
    LogEntry.objects.bulk_create(entries)
    return len(entries)
