"""Work meetings as each user may see them: those attended by the reporters one may see;
managers every meeting."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporters.models import WorkMeeting
from reporters.profiles.selectors import reporter_ids_for


def meetings_for(user) -> QuerySet[WorkMeeting]:
    if not user.is_authenticated:
        return WorkMeeting.objects.none()
    if user.has_perm("reporters.manage_reporters"):
        return WorkMeeting.objects.all()
    return WorkMeeting.objects.filter(attendees__in=reporter_ids_for(user)).distinct()


def meeting_for_user(user, pk: int) -> WorkMeeting:
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting
