"""Tasks assigned to reporters (REP-13): a manager assigns what, where and by when; the reporter
completes it, naming the reports that answer it; an overdue task tells the reporter once."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import (
    Report,
    ReporterProfile,
    ReporterStatus,
    ReporterTask,
    ReportStatus,
    TaskAnswer,
)
from reporters.notify import notify
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def task_assign(
    *, actor: User, reporter: User, title: str, area: str, due_on: datetime.date,
    details: str = "",
) -> ReporterTask:
    require_perm(actor, MANAGE)
    if due_on < timezone.localdate():
        raise ActionRefused(_("The due date cannot be in the past."), field="due_on")
    if not ReporterProfile.objects.filter(user=reporter, status=ReporterStatus.ACTIVE).exists():
        raise ActionRefused(_("Choose an active reporter."), field="reporter")
    with transaction.atomic():
        task = ReporterTask.objects.create(
            reporter=reporter, title=title, area=area, due_on=due_on, details=details,
            assigned_by=actor,
        )
        notify(
            recipients=[reporter],
            text=_("A new task is assigned to you, due %(day)s.")
            % {"day": due_on.isoformat()},
            url=reverse("reporters:task_detail", args=[task.pk]),
            key=f"reporter-task-assigned-{task.pk}",
        )
        return task


def _own_open(actor: User, task: ReporterTask) -> ReporterTask:
    task = ReporterTask.objects.select_for_update().get(pk=task.pk)
    if task.reporter_id != actor.pk:
        raise ActionRefused(_("Only the reporter the task is assigned to does this."))
    if task.completed_at is not None:
        raise ActionRefused(_("The task is already completed."))
    return task


def task_answer(*, actor: User, task: ReporterTask, report: Report) -> TaskAnswer:
    """Mark one of the reporter's own reports as answering the task."""
    require_perm(actor, "reporters.file_report")
    with transaction.atomic():
        task = _own_open(actor, task)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.author_id != actor.pk:
            raise ActionRefused(_("Choose one of your own reports."), field="report")
        if TaskAnswer.objects.filter(report=report).exists():
            raise ActionRefused(_("This report already answers a task."), field="report")
        return TaskAnswer.objects.create(task=task, report=report)


def task_complete(*, actor: User, task: ReporterTask, note: str) -> ReporterTask:
    """The reporter completes the task; at least one submitted report must answer it."""
    require_perm(actor, "reporters.file_report")
    with transaction.atomic():
        task = _own_open(actor, task)
        if not task.answers.exclude(report__status=ReportStatus.DRAFT).exists():
            raise ActionRefused(
                _("Submit a report answering the task and mark it here first."), field="note"
            )
        task.completed_at = timezone.now()
        task.completion_note = note
        task.save(update_fields=["completed_at", "completion_note"])
        return task


def tasks_notify_overdue(*, today: datetime.date | None = None) -> int:
    """Tell each reporter of each task past its due date, once (the inbox key and the mark on
    the task). Returns how many were told."""
    today = today or timezone.localdate()
    count = 0
    for task_id in ReporterTask.objects.filter(
        completed_at__isnull=True, due_on__lt=today, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            task = ReporterTask.objects.select_for_update().get(pk=task_id)
            if task.overdue_notified_at is not None or task.completed_at is not None:
                continue
            task.overdue_notified_at = timezone.now()
            task.save(update_fields=["overdue_notified_at"])
            notify(
                recipients=[task.reporter],
                text=_("Your task due %(day)s is overdue.") % {"day": task.due_on.isoformat()},
                url=reverse("reporters:task_detail", args=[task.pk]),
                key=f"reporter-task-overdue-{task.pk}",
            )
            count += 1
    return count
