"""Emergency reports (REP-4): log the phoned-in report at once; the written report is due
within EMERGENCY_WRITTEN_MINUTES of the call; a missed deadline escalates to the managers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import EmergencyCall, ReporterProfile, ReporterStatus
from reporters.notify import managers, notify
from reporters.reports.services import number_next
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

LOG = "reporters.log_emergency_call"


def _written_deadline(called_at: datetime.datetime) -> datetime.datetime:
    return called_at + datetime.timedelta(minutes=settings.EMERGENCY_WRITTEN_MINUTES)


def emergency_log_call(
    *, actor: User, reporter: User, kind: str, called_at: datetime.datetime, basic_facts: str
) -> EmergencyCall:
    """Log the phoned-in report: by staff taking the call, or by the reporter themself."""
    require_perm(actor, LOG)
    if called_at > timezone.now() + datetime.timedelta(minutes=1):
        raise ActionRefused(_("The time of the call cannot be in the future."), field="called_at")
    if actor.pk != reporter.pk and actor.has_perm("reporters.file_report") and not (
        actor.has_perm("reporters.manage_reporters")
    ):
        raise ActionRefused(_("Reporters log their own calls."), field="reporter")
    profile = ReporterProfile.objects.filter(user=reporter).first()
    if profile is None or profile.status != ReporterStatus.ACTIVE:
        raise ActionRefused(_("Choose an active reporter."), field="reporter")
    with transaction.atomic():
        return EmergencyCall.objects.create(
            number=number_next("emergency", "JJ"), reporter=reporter, logged_by=actor,
            kind=kind, called_at=called_at, basic_facts=basic_facts,
            written_due_at=_written_deadline(called_at),
        )


def emergency_write(
    *, actor: User, call: EmergencyCall, occurred_at: datetime.datetime, place: str, course: str,
    impact_scope: str, measures_taken: str,
) -> EmergencyCall:
    """File the written report (by the reporter who phoned, or a manager on their behalf).
    A late one is accepted and stays flagged late."""
    with transaction.atomic():
        call = EmergencyCall.objects.select_for_update().get(pk=call.pk)
        if actor.pk != call.reporter_id and not actor.has_perm("reporters.manage_reporters"):
            raise ActionRefused(_("The reporter who phoned files the written report."))
        if call.written_at is not None:
            raise ActionRefused(_("The written report has already been filed."))
        if occurred_at > timezone.now():
            raise ActionRefused(
                _("The time of the event cannot be in the future."), field="occurred_at"
            )
        call.occurred_at = occurred_at
        call.place = place
        call.course = course
        call.impact_scope = impact_scope
        call.measures_taken = measures_taken
        call.written_at = timezone.now()
        call.written_by = actor
        call.save()
        return call


def emergencies_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Tell the managers of every emergency whose written report is overdue (once each: the
    inbox key makes a repeated run send nothing new). Returns how many were escalated."""
    now = now or timezone.now()
    overdue = EmergencyCall.objects.filter(
        written_at__isnull=True, written_due_at__lt=now, escalated_at__isnull=True
    )
    count = 0
    for call in overdue:
        with transaction.atomic():
            locked = EmergencyCall.objects.select_for_update().get(pk=call.pk)
            if locked.escalated_at is not None or locked.written_at is not None:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            notify(
                recipients=managers(),
                text=_("Emergency report %(number)s: the written report is overdue.")
                % {"number": locked.number},
                url=reverse("reporters:emergency_detail", args=[locked.pk]),
                key=f"emergency-overdue-{locked.pk}",
            )
            count += 1
    return count
