"""What other apps do when a case closes (e.g. the archives file it, ARC-7).

Apps above casework register a function with `on_case_closed` from their AppConfig.ready();
`take_step` calls each, inside the closing transaction, with the closed case.
"""

from __future__ import annotations

from collections.abc import Callable

_CLOSED: list[Callable] = []


def on_case_closed(function: Callable) -> None:
    if function not in _CLOSED:
        _CLOSED.append(function)


def case_closed(case) -> None:
    for function in _CLOSED:
        function(case)
