"""Work meetings with reporters (REP-13): minutes, attendees, the reporters' suggestions and
what was done about each."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import MeetingSuggestion, ReporterProfile, WorkMeeting
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future

MANAGE = "reporters.manage_reporters"


def meeting_record(
    *, actor: User, held_on: datetime.date, place: str, attendees: list[User],
    other_attendees: str, minutes: str,
) -> WorkMeeting:
    require_perm(actor, MANAGE)
    refuse_future(held_on, field="held_on")
    if not attendees:
        raise ActionRefused(_("Choose the reporters present."), field="attendees")
    registered = set(ReporterProfile.objects.values_list("user_id", flat=True))
    if any(user.pk not in registered for user in attendees):
        raise ActionRefused(_("Only registered reporters are chosen here."), field="attendees")
    with transaction.atomic():
        meeting = WorkMeeting.objects.create(
            held_on=held_on, place=place, other_attendees=other_attendees, minutes=minutes,
            recorded_by=actor,
        )
        meeting.attendees.set(attendees)
        return meeting


def suggestion_add(
    *, actor: User, meeting: WorkMeeting, reporter: User, suggestion: str
) -> MeetingSuggestion:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        meeting = WorkMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.attendees.filter(pk=reporter.pk).exists():
            raise ActionRefused(_("The suggestion comes from a reporter present."),
                                field="reporter")
        return MeetingSuggestion.objects.create(
            meeting=meeting, reporter=reporter, suggestion=suggestion
        )


def suggestion_action(
    *, actor: User, suggestion: MeetingSuggestion, action_taken: str
) -> MeetingSuggestion:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        suggestion = MeetingSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        suggestion.action_taken = action_taken
        suggestion.action_recorded_at = timezone.now()
        suggestion.save(update_fields=["action_taken", "action_recorded_at"])
        return suggestion
