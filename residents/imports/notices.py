"""Where an import's differences become change notices (UPD-5).

Change notices are cases, and cases live in the casework app, which builds on this one: the
casework app registers its opener here at start-up (casework/apps.py), and the import calls it
without importing casework.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused

# (resident=, actor=, subject=, details=) → the opened case (with a `number`).
_opener: list[Callable] = []


def change_notice_opener(opener: Callable) -> None:
    _opener[:] = [opener]


def change_notice_open(*, resident, actor, subject: str, details: str):
    if not _opener:
        raise ActionRefused(_("Change notices cannot be opened: casework is not installed."))
    return _opener[0](resident=resident, actor=actor, subject=subject, details=details)
