"""Access matrix cases of the tracking pages."""

from __future__ import annotations

from tests.matrix_cases.common import Case, World

CASES: dict[str, Case] = {}


def build(world: World) -> None:
    """Add the records these cases need to `world.extra`."""
