"""Where a resident emergency came from, told by the apps that open emergencies (e.g. an
information report, REP-6).

residents never imports those apps: each registers a provider with
`emergency_origin_provider` from its AppConfig.ready(); a provider
`(user, emergency) -> {"label": str, "url": str} | None` names the record the emergency
originates from, only when that user may open it.
"""

from __future__ import annotations

from collections.abc import Callable

OriginProvider = Callable[..., dict | None]
_PROVIDERS: list[OriginProvider] = []


def emergency_origin_provider(function: OriginProvider) -> None:
    if function not in _PROVIDERS:
        _PROVIDERS.append(function)


def emergency_origins(user, emergency) -> list[dict]:
    return [origin for function in _PROVIDERS if (origin := function(user, emergency))]
