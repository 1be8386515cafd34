"""Each kind of case adds its own panel to the case page (its data and its special steps).

A kind's views module registers a context function with `@case_panel(kind)`; the case page
includes `casework/panels/<kind>.html` with what that function returns as `panel`.
"""

from __future__ import annotations

from collections.abc import Callable

from casework.models import CaseKind

PanelContext = Callable[..., dict]
_PANELS: dict[str, PanelContext] = {}


def case_panel(kind: CaseKind) -> Callable[[PanelContext], PanelContext]:
    def register(function: PanelContext) -> PanelContext:
        _PANELS[str(kind)] = function
        return function

    return register


def panel_context(request, case, policy, forms: dict) -> dict:
    """The kind's panel data; `forms` holds a bound form that failed, to show its errors."""
    function = _PANELS.get(case.kind)
    return function(request, case, policy, forms) if function else {}
