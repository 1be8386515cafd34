"""The managers' card of reporter tasks past their due date (residents/worklists registry)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.tasks.selectors import tasks_for

MANAGE = "reporters.manage_reporters"


def task_cards(user) -> list[dict]:
    if not user.has_perm(MANAGE):
        return []
    overdue = tasks_for(user).filter(completed_at__isnull=True, due_on__lt=timezone.localdate())
    return [{"url": "reporters:task_list", "query": "?which=overdue",
             "title": _("Reporter tasks overdue"), "count": overdue.count()}]
