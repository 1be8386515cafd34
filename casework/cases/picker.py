"""Choosing the resident a case is opened for: a search by name, archive
number or full ID number through the resident list's own search (`residents_matching`), shown
masked through the viewer's policy and read-logged like the list; choosing one goes on to the
form of the kind of case with the resident filled in.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from residents.models import RegistrationStatus, Resident
from residents.people.selectors import resident_for_user

PICK_LIMIT = 20

# Where a chosen resident goes: the form of each kind of case (never a URL from the request).
TARGETS: dict[str, dict] = {
    "change": {"label": _("Request a change of information"), "url": "casework:change_open",
               "in_path": True},
    "query": {"label": _("Information query request"), "url": "casework:query_open",
              "in_path": True},
    "affair": {"label": _("Accept an affair"), "url": "casework:affair_accept",
               "in_path": False},
    "complaint": {"label": _("Register a complaint or suggestion"),
                  "url": "casework:complaint_register", "in_path": False},
    "appointment": {"label": _("Book an appointment"), "url": "casework:appointment_book",
                    "in_path": False},
}


def target_url(target: str, resident: Resident, extra: dict | None = None) -> str:
    spec = TARGETS[target]
    if spec["in_path"]:
        return reverse(spec["url"], args=[resident.pk])
    return f"{reverse(spec['url'])}?{urlencode({**(extra or {}), 'resident': resident.pk})}"


def picked_resident(request) -> Resident | None:
    """The verified resident named by the `resident` query parameter, if the user may see them
    (a hidden or unknown one is simply not filled in)."""
    value = request.GET.get("resident", "")
    if not value.isdigit():
        return None
    try:
        resident = resident_for_user(request.user, int(value))
    except Http404:
        return None
    return resident if resident.status == RegistrationStatus.VERIFIED else None


def picked_initial(request) -> dict:
    resident = picked_resident(request)
    return {"archive_number": resident.archive_number} if resident else {}
