"""Training of reporters (REP-7, REP-14): sessions with topics, lecturer, attendance and hours."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingTopic(models.TextChoices):
    COLLECTION = "collection", _("Methods of collecting information")
    ORGANISING = "organising", _("Organising information")
    WRITING = "writing", _("Writing reports")
    LAWS = "laws", _("Laws and regulations")


class LecturerKind(models.TextChoices):
    STAFF = "staff", _("Member of staff")
    EXPERT = "expert", _("Outside expert")


class TrainingSession(models.Model):
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    topics = ArrayField(
        models.CharField(max_length=20, choices=TrainingTopic.choices), verbose_name=_("topics")
    )
    lecturer_kind = models.CharField(
        _("lecturer"), max_length=10, choices=LecturerKind.choices
    )
    lecturer_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("lecturer from the staff"),
    )
    lecturer_name = models.CharField(
        _("outside expert (name and organisation)"), max_length=200, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("record of the session"), max_length=4000, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TrainingAttendance", related_name="trainings",
        verbose_name=_("attendees"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def lecturer(self) -> str:
        if self.lecturer_kind == LecturerKind.STAFF and self.lecturer_staff is not None:
            return self.lecturer_staff.get_full_name() or self.lecturer_staff.username
        return self.lecturer_name

    def topic_labels(self) -> list[str]:
        return [str(TrainingTopic(topic).label) for topic in self.topics]


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances",
        verbose_name=_("training session"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_attendances",
        verbose_name=_("reporter"),
    )

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "reporter"], name="reporters_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.reporter_id}"
