"""Tasks assigned to reporters (REP-13): what, where, by when; completion, and the reports that
answer them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReporterTask(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_tasks",
        verbose_name=_("reporter"),
    )
    title = models.CharField(_("what to do"), max_length=200)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    area = models.CharField(_("area"), max_length=100)
    due_on = models.DateField(_("due on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_note = models.TextField(_("what was done"), max_length=2000, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporter task")
        verbose_name_plural = _("reporter tasks")
        ordering = ["completed_at", "due_on", "pk"]
        indexes = [models.Index(fields=["reporter", "completed_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        if self.completed_at is not None:
            return self.completed_at.date() > self.due_on
        return (today or timezone.localdate()) > self.due_on


class TaskAnswer(models.Model):
    """A report marked as answering a task (a report answers at most one task)."""

    task = models.ForeignKey(
        ReporterTask, on_delete=models.CASCADE, related_name="answers", verbose_name=_("task"),
    )
    report = models.OneToOneField(
        "reporters.Report", on_delete=models.CASCADE, related_name="task_answer",
        verbose_name=_("report"),
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report answering a task")
        verbose_name_plural = _("reports answering tasks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_id} ← {self.report_id}"
