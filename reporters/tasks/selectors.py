"""Tasks as each user may see them: a reporter their own, a reviewer their groups', managers all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporters.models import ReporterTask
from reporters.profiles.selectors import reporter_ids_for


def tasks_for(user) -> QuerySet[ReporterTask]:
    if not user.is_authenticated:
        return ReporterTask.objects.none()
    return ReporterTask.objects.filter(reporter_id__in=reporter_ids_for(user)).select_related(
        "reporter", "assigned_by"
    )


def task_for_user(user, pk: int) -> ReporterTask:
    task = tasks_for(user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def open_tasks(user) -> QuerySet[ReporterTask]:
    return tasks_for(user).filter(reporter=user, completed_at__isnull=True).order_by("due_on")
