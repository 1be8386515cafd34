"""A resident's single timeline: entries contributed by each subject, filtered by the policy.

Each subject module registers a provider `(user, resident, policy) -> list[TimelineEntry]` with
`timeline_provider` from their `AppConfig.ready()`; providers return only entries the policy lets
the user see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

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
_providers: list[Provider] = []


def timeline_provider(provider: Provider) -> None:
    """Add a provider of timeline entries; each app calls it from its `AppConfig.ready()`."""
    if provider not in _providers:
        _providers.append(provider)


def timeline_for(user, resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Every entry of every provider the user may see, newest first."""
    entries = [entry for provider in _providers for entry in provider(user, resident, policy)]
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
