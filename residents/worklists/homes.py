"""Each role's home page: which page "/" shows to whom, and the lines of work that
apps add to the front desk's and the managers' homes.

`role_home(role, target, order=…)`: the home of a role is a view (called in place) or a URL
name (its view called in place, so "/" answers 200 and its own checks apply); a user with
several roles gets the home of the lowest order. Apps built on residents (reporters …)
register theirs from their AppConfig.ready(). A user with none of the registered roles gets
the plain overview.

`home_lines(provider)`: a provider `(user) -> [line group]` adds groups of work lines, each
`{"section": MINE | TO_HANDLE, "order", "title", "count", "url", "items": [{"label",
"url", "note", "late"}]}`; items name records by number and date only, never a person.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import resolve, reverse

# The front desk's own work, and what waits for a manager's decision (待我处理).
MINE, TO_HANDLE = "mine", "to_handle"
# Work lines shown per group; the group's link opens the whole list.
LINES_SHOWN = 5

_role_homes: dict[str, tuple[int, object]] = {}
_line_providers: list[Callable[..., list[dict]]] = []


def role_home(role: str, target, *, order: int) -> None:
    _role_homes[role] = (order, target)


def home_for(user):
    """The registered home of the user's role (lowest order first), or None."""
    if not user.is_authenticated:
        return None
    names = set(user.groups.values_list("name", flat=True))
    chosen = sorted(
        (order, role) for role, (order, _target) in _role_homes.items() if role in names
    )
    return _role_homes[chosen[0][1]][1] if chosen else None


def render_home(request, target):
    if isinstance(target, str):
        match = resolve(reverse(target))
        return match.func(request, *match.args, **match.kwargs)
    return target(request)


def home_lines(provider: Callable[..., list[dict]]) -> None:
    if provider not in _line_providers:
        _line_providers.append(provider)


def lines_for(user, section: str) -> list[dict]:
    groups = [
        group for provider in _line_providers for group in provider(user)
        if group["section"] == section
    ]
    return sorted(groups, key=lambda group: group.get("order", 100))
