from __future__ import annotations

from django.db.models import Q

from archives.models import Handover


def handovers_for(user):
    """Managers see every handover; others those they gave or received."""
    handovers = Handover.objects.select_related("handed_by", "received_by")
    if user.has_perm("archives.add_handover"):
        return handovers
    return handovers.filter(Q(handed_by=user) | Q(received_by=user))
