"""What apps above reporters do when a report's loop closes, and what they add to the report
page (e.g. the archives file a closed report, ARC-7, and say where).

reporters never imports those apps (layers: archives → reporters): they register here from
their AppConfig.ready(). `report_closed` runs inside the closing transaction, with the report
and who closed it; a page extra is `(request, report) -> {"template": ..., **context} | None`.
"""

from __future__ import annotations

from collections.abc import Callable

_CLOSED: list[Callable] = []
_EXTRAS: list[Callable] = []


def on_report_closed(function: Callable) -> None:
    if function not in _CLOSED:
        _CLOSED.append(function)


def report_closed(report, actor) -> None:
    for function in _CLOSED:
        function(report, actor)


def report_page_extra(function: Callable) -> None:
    if function not in _EXTRAS:
        _EXTRAS.append(function)


def report_page_extras(request, report) -> list[dict]:
    return [extra for function in _EXTRAS if (extra := function(request, report))]
