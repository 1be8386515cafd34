"""Access matrix cases of the dashboards (SUP-4, SUP-8): managers read them (the supervision
group too, tests/residents/dashboards); every other role is refused. Counts only, so the
leak check finds no resident value on them."""

from __future__ import annotations

from django.urls import reverse

from tests.access_matrix.cases.common import FORBIDDEN, OK, Case, World, _statuses

CASES: dict[str, Case] = {
    "residents:dashboard": Case(
        "get", lambda w: reverse("residents:dashboard"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK),
    ),
}


def build(world: World) -> None:
    """Nothing of its own: the dashboard counts the world's resident and cases."""
