"""The managers' card of disclosure requests awaiting their decision."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporters.models import DisclosureRequest, DisclosureStatus


def disclosure_cards(user) -> list[dict]:
    if not user.has_perm("reporters.approve_disclosure"):
        return []
    waiting = DisclosureRequest.objects.filter(status=DisclosureStatus.REQUESTED).exclude(
        requested_by=user
    )
    return [{"url": "reporters:disclosure_list", "title": _("Disclosure requests to decide"),
             "count": waiting.count()}]
