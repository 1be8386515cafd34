"""Where a case came from, told by the apps that open cases (e.g. a reporter's report, REP-6).

casework never imports those apps (layers: archives → reporters → casework → residents):
each registers a provider with `case_origin_provider` from its AppConfig.ready(); a provider
`(case) -> {"label": str, "url": str} | None` names the record the case originates from. The
case page shows them in its own section (a page extra registered by casework).
"""

from __future__ import annotations

from collections.abc import Callable

OriginProvider = Callable[..., dict | None]
_PROVIDERS: list[OriginProvider] = []
TEMPLATE = "casework/includes/case_origin.html"


def case_origin_provider(function: OriginProvider) -> None:
    if function not in _PROVIDERS:
        _PROVIDERS.append(function)


def case_origins(case) -> list[dict]:
    return [origin for function in _PROVIDERS if (origin := function(case))]


def origin_extra(request, case, policy) -> dict | None:
    """The case page's "originates from" section, when a provider names an origin."""
    origins = case_origins(case)
    return {"template": TEMPLATE, "origins": origins} if origins else None
