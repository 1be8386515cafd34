"""Bulk writes on audited models write their audit entries too.

A leaf module: `residents.models` imports it, so it imports no model and nothing that does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from psycopg.types.json import Jsonb

from residents.access.masking import full_mask
from residents.audit.context import actor_id, client_address, entries
from residents.common.copy import copy_rows

# The columns a creation entry fills (the rest stay NULL, as in auditlog's own entries);
# chain_seq and chain_hash are the trigger's.
_CREATE_COLUMNS = (
    "content_type_id", "object_pk", "object_id", "object_repr", "action", "actor_id",
    "remote_addr", "timestamp", "additional_data", "changes", "changes_text",
)


def record_bulk_write(
    *, model: type[models.Model], pks: Iterable, action: int, changes: dict, actor=None,
    data: Sequence[dict] | None = None,
) -> None:
    """Entries for writes that bypass auditlog's signals (queryset update, bulk_create).

    `data`, one dict per pk, adds to each entry's additional data (e.g. an import's batch).
    """
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
    written = entries(
        model=model, pks=pks, action=action, actor=actor, data={"event": "bulk_write"},
        changes=masked,
    )
    if data is not None:
        for entry, extra in zip(written, data, strict=True):
            entry.additional_data = {**entry.additional_data, **extra}
    LogEntry.objects.bulk_create(written)


def record_bulk_creates(
    *, model: type[models.Model], pks: Sequence[int], data: Sequence[dict], actor=None
) -> None:
    """The entries `bulk_create` writes for new rows (`record_bulk_write`'s, field for field),
    streamed in one COPY for imports of many thousand rows.

    A creation entry carries no field value (its changes are empty), so there is nothing to
    mask or seal (ACC-14); the BEFORE INSERT trigger chains each row as for any INSERT
    (ACC-12). `data[i]` is added to entry i's additional data.
    """
    if not pks:
        return
    content_type = ContentType.objects.get_for_model(model).pk
    actor_pk = actor_id(actor)
    address = client_address()
    now = timezone.now()
    label = model._meta.object_name
    no_changes = Jsonb({})
    copy_rows(table=LogEntry._meta.db_table, columns=_CREATE_COLUMNS, rows=(
        (
            content_type, str(pk), pk, f"{label} #{pk}", LogEntry.Action.CREATE, actor_pk,
            address, now, Jsonb({"event": "bulk_write", **extra}), no_changes, "",
        )
        for pk, extra in zip(pks, data, strict=True)
    ))


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

    def bulk_create(self, objs, *args, audit_data: Sequence[dict] | None = None, **kwargs):
        """`audit_data`: one dict per object, added to its audit entry."""
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        pairs = [
            (obj.pk, audit_data[index] if audit_data is not None else None)
            for index, obj in enumerate(created) if obj.pk is not None
        ]
        if pairs:
            record_bulk_write(
                model=self.model, pks=[pk for pk, _extra in pairs],
                action=LogEntry.Action.CREATE, changes={},
                data=[extra for _pk, extra in pairs] if audit_data is not None else None,
            )
        return created


def _jsonable(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Expression | models.F):
        return "(expression)"
    return str(value)
