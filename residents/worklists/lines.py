"""The residents app's lines of work on the role homes: registrations to verify or to fix,
slips printed and not yet signed, re-checks and key-person visits due, access requests.

Items are named by registration number, slip code and date: a home page shows no person.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.models import AccessGrant, GrantStatus, RegistrationStatus, Slip
from residents.people.selectors import residents_visible_to
from residents.registers import selectors as register_selectors
from residents.tracking import selectors as tracking_selectors
from residents.worklists.homes import LINES_SHOWN, MINE, TO_HANDLE


def _day(value) -> str:
    return date_format(timezone.localtime(value).date(), "SHORT_DATE_FORMAT") if value else ""


def _group(section, order, title, queryset, item, url="") -> dict:
    return {
        "section": section, "order": order, "title": title, "count": queryset.count(),
        "url": url, "items": [item(record) for record in queryset[:LINES_SHOWN]],
    }


def _registration(record) -> dict:
    return {
        "label": _("Registration No. %(number)d") % {"number": record.pk},
        "url": reverse("residents:detail", args=[record.pk]),
        "note": _("submitted %(day)s") % {"day": _day(record.submitted_at)}
        if record.submitted_at else "",
    }


def resident_lines(user) -> list[dict]:
    groups = []
    if user.has_perm("residents.verify_resident") and policy_for(user).may_see_residents:
        waiting = (
            residents_visible_to(user).filter(status=RegistrationStatus.SUBMITTED)
            # Four eyes (ACC-8): what the user entered or submitted waits for someone else.
            .exclude(Q(created_by=user) | Q(submitted_by=user))
            .order_by("submitted_at", "pk").only("pk", "submitted_at")
        )
        groups.append(_group(
            MINE, 10, _("Registrations waiting for verification"), waiting, _registration,
            reverse("residents:list") + "?status=submitted",
        ))
        returned = (
            residents_visible_to(user).filter(status=RegistrationStatus.RETURNED)
            .filter(Q(created_by=user) | Q(submitted_by=user))
            .order_by("returned_at", "pk").only("pk", "submitted_at")
        )
        groups.append(_group(
            MINE, 20, _("Returned registrations to correct"), returned, _registration,
            reverse("residents:list") + "?status=returned",
        ))
    if user.has_perm("residents.view_slip"):
        unsigned = Slip.objects.filter(printed_by=user, signed_on__isnull=True).order_by(
            "printed_at", "pk"
        ).only("pk", "resident_id", "verification_code", "printed_at")
        groups.append(_group(
            MINE, 40, _("Slips printed, not yet signed"), unsigned,
            lambda slip: {
                "label": _("Slip %(code)s") % {"code": slip.verification_code},
                "url": reverse("residents:detail", args=[slip.resident_id]),
                "note": _("printed %(day)s") % {"day": _day(slip.printed_at)},
            },
        ))
    if user.has_perm("residents.view_recheck"):
        counts = tracking_selectors.recheck_counts(user)
        groups.append({
            "section": MINE, "order": 50, "title": _("Re-checks due"),
            "count": sum(counts.values()), "url": reverse("residents:worklist_rechecks"),
            "items": [],
            "note": _("%(overdue)d overdue") % {"overdue": counts["overdue"]},
        })
    if policy_for(user).can_see_group(FieldGroup.KEY_PERSON):
        groups.append({
            "section": MINE, "order": 60, "title": _("Overdue key-person visits"),
            "count": register_selectors.overdue_key_person_visits(user).count(),
            "url": reverse("residents:worklist_key_person_visits"), "items": [],
        })
    if user.has_perm("residents.approve_accessgrant"):
        requests = AccessGrant.objects.filter(status=GrantStatus.REQUESTED).order_by(
            "requested_at", "pk"
        ).only("pk", "requested_at")
        groups.append(_group(
            TO_HANDLE, 40, _("Access requests"), requests,
            lambda grant: {
                "label": _("Request No. %(number)d") % {"number": grant.pk},
                "url": reverse("residents:grant_list"),
                "note": _("asked %(day)s") % {"day": _day(grant.requested_at)},
            },
            reverse("residents:grant_list"),
        ))
    return groups
