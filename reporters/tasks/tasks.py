"""Scheduled job of the reporters' tasks (cron in UTC; Beijing is UTC+8)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporters.tasks.services import tasks_notify_overdue
from residents.common.jobs import periodic


# 08:00 in Beijing: the reporter learns in the morning that yesterday's task is overdue.
@periodic(cron="0 0 * * *", label=_("Tell reporters of their overdue tasks"))
def notify_overdue_tasks(timestamp: int) -> None:
    tasks_notify_overdue()
