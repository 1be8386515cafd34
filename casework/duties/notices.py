"""Time nodes and results in the inbox (AFF-8): the approval result goes back to the window
handler; a step past its own limit goes to whoever must take it (a periodic job, idempotent
per case, step and deadline). A notification names the case by its number and the resident
by a masked name only, never the affair (its name may tell a resident's status).
"""

from __future__ import annotations

import datetime

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.duties.rules import step_owners
from casework.engine.workflows import CLOSED_STATUSES, WAITING_STATUSES
from casework.models import Case, CaseKind
from residents.access.masking import mask_name
from residents.notifications.services import notification_send

# Steps whose outcome is the approval result the window handler tells the applicant.
RESULT_ACTIONS = {"approve": "approved", "reject": "rejected"}


def _who(case: Case) -> str:
    name = case.resident.name if case.resident_id else case.applicant_name
    return mask_name(name)


def _url(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


def result_notify(case: Case, action: str, actor) -> int:
    """Tell the window handler an affair was approved or rejected in review (inside the step's
    transaction: no step, no notification)."""
    if case.kind != CaseKind.AFFAIR or action not in RESULT_ACTIONS or not case.handler_id:
        return 0
    if case.handler_id == getattr(actor, "pk", None):
        return 0  # the handler rejected it at the window: nothing to be told
    if action == "approve":
        text = _("Case %(number)s (%(name)s) was approved: tell the applicant the result.")
    else:
        text = _("Case %(number)s (%(name)s) was rejected in review: tell the applicant why.")
    return notification_send(
        recipients=[case.handler], text=text % {"number": case.number, "name": _who(case)},
        url=_url(case), key=f"case-result:{case.pk}:{action}",
    )


def overdue_steps_notify(today: datetime.date | None = None) -> int:
    """Tell each step owner about the running cases whose current step is past its limit.
    Idempotent: a second run the same day (or any day before the step moves) sends nothing."""
    today = today or timezone.localdate()
    cases = (
        Case.objects.exclude(status__in=CLOSED_STATUSES | WAITING_STATUSES)
        .annotate(next_due=Coalesce("step_due_on", "due_on"))
        .filter(next_due__lt=today)
        .select_related("resident", "handler", "affair_item__department")
        .order_by("pk")
    )
    sent = 0
    for case in cases:
        sent += notification_send(
            recipients=step_owners(case),
            text=_("Case %(number)s (%(name)s): the current step was due on %(date)s and is "
                   "overdue.") % {
                "number": case.number, "name": _who(case),
                "date": case.next_due.strftime("%Y-%m-%d"),
            },
            url=_url(case),
            key=f"step-overdue:{case.pk}:{case.status}:{case.next_due.isoformat()}",
        )
    return sent
