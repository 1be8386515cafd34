"""The job queue's records beside procrastinate's own tables (DAT-4).

procrastinate keeps each job and the times of its events (queued, started, failed, …); it does
not keep why a job failed, nor who queued a failed job again. Those two are kept here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from procrastinate.contrib.django.models import ProcrastinateJob


class JobStatus(models.TextChoices):
    """procrastinate's job statuses, as the job page names them."""

    TODO = "todo", pgettext_lazy("job status", "Queued")
    DOING = "doing", pgettext_lazy("job status", "Running")
    SUCCEEDED = "succeeded", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("job status", "Cancelled")
    ABORTED = "aborted", pgettext_lazy("job status", "Aborted")


class Job(ProcrastinateJob):
    """A job of procrastinate's queue (read only here); it carries the job page's permissions."""

    class Meta:
        proxy = True
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        default_permissions = ("view",)
        permissions = [("retry_job", _("Can queue a failed background job again"))]


class JobFailure(models.Model):
    """The error of one failed run of a job, kept by the worker (residents/common/jobs.py)."""

    # No foreign key: procrastinate deletes jobs with its own SQL.
    job_id = models.BigIntegerField(_("job"), db_index=True)
    task_name = models.CharField(_("task"), max_length=128)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"))

    class Meta:
        verbose_name = _("job failure")
        verbose_name_plural = _("job failures")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.task_name} #{self.job_id}"


class JobRetry(models.Model):
    """A failed job queued again from the job page (audited)."""

    job_id = models.BigIntegerField(_("job"), db_index=True)
    task_name = models.CharField(_("task"), max_length=128)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("queued again by"), on_delete=models.PROTECT,
        related_name="+",
    )
    retried_at = models.DateTimeField(_("queued again at"), default=timezone.now)

    class Meta:
        verbose_name = _("job queued again")
        verbose_name_plural = _("jobs queued again")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.task_name} #{self.job_id}"
