"""A resident's single timeline: entries contributed by each subject, filtered by the policy.

Each subject module registers a provider `(user, resident, policy) -> list[TimelineEntry]` with
`timeline_provider` from their `AppConfig.ready()`; providers return only entries the policy lets
the user see. A provider names the models its entries come from (each row belonging to one
resident): one query asks which of them hold a row for the resident, and a provider whose
models hold none is not asked, as most residents have no record of most kinds.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, sees_details


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    kind: str  # a short label, e.g. "走访记录"
    summary: str
    group: FieldGroup  # the field group the entry belongs to (read logging records it)
    url: str = ""
    # The viewer handles the record (opened the case, recorded the emergency): the details of
    # a sensitive one show to its handlers too (`access.policy.sees_details`).
    handled: bool = False


Provider = Callable[..., list[TimelineEntry]]
# The models a provider's entries come from, each with the lookup of its resident.
Records = tuple[tuple[type[Model], str], ...]
_providers: dict[Provider, Records] = {}
_PLACEHOLDER = -731_000_731  # stands for the resident's key in the compiled probes


def timeline_provider(provider: Provider, *, records: Records = ()) -> None:
    """Add a provider of timeline entries; each app calls it from its `AppConfig.ready()`.

    `records`: every model the provider reads entries from, with the lookup from it to the
    resident (e.g. `(ContactRecord, "resident")`); without them the provider is always asked.
    """
    _providers.setdefault(provider, records)
    _probes.cache_clear()


@functools.cache
def _probes(using: str) -> tuple[str, tuple, tuple[tuple[int, ...], ...]]:
    """One SELECT of an EXISTS per model named by the providers, compiled once; and, per
    provider, the positions of its models in that row."""
    parts: list[str] = []
    params: list = []
    positions: dict[tuple[type[Model], str], int] = {}
    for records in _providers.values():
        for record in records:
            if record in positions:
                continue
            model, lookup = record
            query = model._base_manager.filter(**{lookup: _PLACEHOLDER}).order_by().values("pk")
            sql, record_params = query[:1].query.get_compiler(using).as_sql()
            positions[record] = len(parts)
            parts.append(f"EXISTS({sql})")
            params.extend(record_params)
    select = f"SELECT {', '.join(parts)}" if parts else ""
    return select, tuple(params), tuple(
        tuple(positions[record] for record in records) for records in _providers.values()
    )


def _asked(resident) -> list[Provider]:
    """The providers with something to say about the resident."""
    using = resident._state.db or router.db_for_read(type(resident))
    select, params, positions = _probes(using)
    present: tuple = ()
    if select:
        with connections[using].cursor() as cursor:
            cursor.execute(
                select, [resident.pk if value == _PLACEHOLDER else value for value in params]
            )
            present = cursor.fetchone()
    return [
        provider
        for provider, where in zip(_providers, positions, strict=True)
        if not where or any(present[i] for i in where)
    ]


def timeline_for(user, resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Every entry of every provider the user may see, newest first."""
    entries = [
        entry for provider in _asked(resident) for entry in provider(user, resident, policy)
    ]
    entries = [
        entry for entry in entries
        if sees_details(policy, entry.group, handles=entry.handled)
    ]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


def registration_events(user, resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Registration, verification and later changes of the record itself."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from residents.access.fields import FIELD_LABELS

    entries = [
        TimelineEntry(
            timezone.localdate(resident.created_at), _("Registration"),
            resident.get_channel_display(), FieldGroup.BASIC,
        )
    ]
    if resident.verified_at:
        entries.append(
            TimelineEntry(
                timezone.localdate(resident.verified_at), _("Verification"),
                _("Archive number %(number)s") % {"number": resident.archive_number},
                FieldGroup.BASIC,
            )
        )
    updates = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(resident),
        object_pk=str(resident.pk),
        action=LogEntry.Action.UPDATE,
    ).only("timestamp", "changes")
    for update in updates:
        # Only fields the viewer may see are named; workflow fields are covered above.
        names = [
            str(FIELD_LABELS[field])
            for field in (update.changes or {})
            if field in FIELD_LABELS and policy.can_see(field)
        ]
        if names:
            entries.append(
                TimelineEntry(
                    timezone.localdate(update.timestamp), _("Record changed"),
                    "、".join(names), FieldGroup.BASIC,
                )
            )
    return entries
