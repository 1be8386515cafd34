"""The public service guide (PUB-1, AFF-1): every offered affair with its legal basis,
materials, procedure and time limit. No login; it shows the catalogue only, never a case
or anything about a person.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from casework.models import AffairItem, CaseKind


def _offered():
    # Retired items are no longer handled at the window, so they are not published either.
    return AffairItem.objects.filter(is_active=True).order_by("name")


def _other_limits() -> list[tuple[object, int]]:
    """The time limits of the requests that are not catalogue items (settings)."""
    return [
        (CaseKind.CHANGE.label, settings.CHANGE_TIME_LIMIT_DAYS),
        (CaseKind.QUERY.label, settings.QUERY_TIME_LIMIT_DAYS),
        (CaseKind.COMPLAINT.label, settings.COMPLAINT_TIME_LIMIT_DAYS),
    ]


@login_not_required
@require_GET
def guide(request):
    return render(request, "casework/guide/guide.html", {
        "items": list(_offered()), "other_limits": _other_limits(),
    })


@login_not_required
@require_GET
def guide_item(request, item_pk: int):
    item = get_object_or_404(_offered(), pk=item_pk)
    return render(request, "casework/guide/guide_item.html", {"item": item})
