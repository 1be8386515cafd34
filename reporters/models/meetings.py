"""Work meetings with reporters (REP-13): date, attendees, minutes, the reporters' suggestions
and what was done about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkMeeting(models.Model):
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reporter_meetings",
        verbose_name=_("reporters present"),
    )
    other_attendees = models.CharField(_("others present"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), max_length=8000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work meeting")
        verbose_name_plural = _("work meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on}"


class MeetingSuggestion(models.Model):
    meeting = models.ForeignKey(
        WorkMeeting, on_delete=models.CASCADE, related_name="suggestions",
        verbose_name=_("work meeting"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("suggested by"),
    )
    suggestion = models.TextField(_("suggestion"), max_length=2000)
    action_taken = models.TextField(_("what was done about it"), max_length=2000, blank=True)
    action_recorded_at = models.DateTimeField(_("action recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporter's suggestion")
        verbose_name_plural = _("reporters' suggestions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pk}"
