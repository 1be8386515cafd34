"""Each kind of case adds its own panel to the case page (its data and its special steps).

Each kind's context function is registered with `case_panel(kind, function)` from
`CaseworkConfig.ready()`; the case page
includes `casework/panels/<kind>.html` with what that function returns as `panel`.
"""

from __future__ import annotations

from collections.abc import Callable

from casework.models import CaseKind

PanelContext = Callable[..., dict]
_PANELS: dict[str, PanelContext] = {}


def case_panel(kind: CaseKind, function: PanelContext) -> None:
    _PANELS[str(kind)] = function


def panel_context(request, case, policy, forms: dict) -> dict:
    """The kind's panel data; `forms` holds a bound form that failed, to show its errors."""
    function = _PANELS.get(case.kind)
    return function(request, case, policy, forms) if function else {}


# Sections other apps add to every case page (e.g. where the archives filed it): functions of
# (request, case, policy) returning {"template": ..., **context} or None.
_EXTRAS: list[PanelContext] = []


def case_page_extra(function: PanelContext) -> None:
    if function not in _EXTRAS:
        _EXTRAS.append(function)


def page_extras(request, case, policy) -> list[dict]:
    return [extra for function in _EXTRAS if (extra := function(request, case, policy))]
