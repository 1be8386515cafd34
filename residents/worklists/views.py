"""The morning overview: every work list the user may open, with how much is waiting.

Apps built on `residents` add their cards through `residents.worklists.cards` (residents never
imports them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.activities import selectors as activity_selectors
from residents.models import ServiceKind
from residents.registers import selectors as register_selectors
from residents.selfreports import selectors as selfreport_selectors
from residents.tracking import selectors as tracking_selectors
from residents.worklists.cards import cards_from_apps


def worklists(request):
    user = request.user
    policy = policy_for(user)
    cards = []
    if user.has_perm("residents.view_recheck"):
        counts = tracking_selectors.recheck_counts(user)
        cards.append(
            {
                "url": "residents:worklist_rechecks",
                "title": _("Re-checks due"),
                "count": sum(counts.values()),
                "note": _("%(overdue)d overdue") % {"overdue": counts["overdue"]},
            }
        )
    if user.has_perm("residents.view_emergency"):
        cards.append(
            {
                "url": "residents:worklist_emergencies",
                "title": _("Open emergencies"),
                "count": tracking_selectors.open_emergencies(user).count(),
            }
        )
    if user.has_perm("residents.view_servicerecord"):
        cards.append(
            {
                "url": "residents:service_open_list",
                "title": _("Services in progress"),
                "count": activity_selectors.open_service_records(user).count(),
            }
        )
    if user.has_perm("residents.view_servicerecord"):
        # Files due per age class (CLS-4): the elderly without a health file, and so on.
        for kind in activity_selectors.due_file_kinds(user):
            cards.append(
                {
                    "url": "residents:files_due_list", "query": f"?kind={kind}",
                    "title": _("Without a file: %(kind)s") % {"kind": ServiceKind(kind).label},
                    "count": activity_selectors.residents_missing_file(user, kind).count(),
                }
            )
    if user.has_perm("residents.view_selfreport") and policy.can_see_group(FieldGroup.FEEDBACK):
        cards.append(
            {
                "url": "residents:self_report_list",
                "title": _("Residents' own reports to confirm"),
                "count": selfreport_selectors.pending_self_reports(user).count(),
            }
        )
    if policy.can_see_group(FieldGroup.KEY_PERSON):
        cards.append(
            {
                "url": "residents:worklist_key_person_visits",
                "title": _("Overdue key-person visits"),
                "count": register_selectors.overdue_key_person_visits(user).count(),
            }
        )
    if policy.can_see_group(FieldGroup.SENSITIVE):
        cards.append(
            {
                "url": "residents:worklist_hardship_reviews",
                "title": _("Hardship reviews due"),
                "count": register_selectors.hardship_reviews_due(user).count(),
            }
        )
    cards.extend(cards_from_apps(user))
    if not cards:
        raise PermissionDenied
    # Counts only: no resident is shown here, so there is nothing to read-log.
    return render(request, "residents/worklists.html", {"cards": cards})
