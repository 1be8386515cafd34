"""The managers' card of reporters short of this quarter's training minimum (REP-13)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporters.training.selectors import Quarter, non_compliant

MANAGE = "reporters.manage_reporters"


def training_cards(user) -> list[dict]:
    if not user.has_perm(MANAGE):
        return []
    return [{"url": "reporters:training_compliance",
             "title": _("Reporters short of this quarter's training minimum"),
             "count": non_compliant(user, Quarter.of()).count()}]
