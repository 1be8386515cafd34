"""Access matrix cases of the affair pages (Issue 5)."""

from __future__ import annotations

from tests.matrix_cases.common import Case, World

CASES: dict[str, Case] = {}


def build(world: World) -> None:
    pass
