"""A resident's single timeline: entries contributed by each subject, filtered by the policy.

Each subject module registers a provider `(user, resident, policy) -> list[TimelineEntry]`
with `timeline_provider`; providers return only entries the policy lets the user see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from residents.access import FieldGroup, FieldPolicy


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    kind: str  # a short label, e.g. "走访记录"
    summary: str
    group: FieldGroup  # the field group the entry belongs to (read logging records it)
    url: str = ""


Provider = Callable[..., list[TimelineEntry]]
_providers: list[Provider] = []


def timeline_provider(provider: Provider) -> Provider:
    """Decorator: add a provider of timeline entries (called at import of its module)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for(user, resident, policy: FieldPolicy) -> list[TimelineEntry]:
    """Every entry of every provider the user may see, newest first."""
    entries = [entry for provider in _providers for entry in provider(user, resident, policy)]
    entries = [entry for entry in entries if policy.can_see_group(entry.group)]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)
