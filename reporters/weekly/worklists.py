"""The reporters' cards on the work lists (residents/worklists registry)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.emergencies.selectors import emergencies_for
from reporters.reports.selectors import awaiting_review
from reporters.weekly.services import reporters_missing


def reporter_cards(user) -> list[dict]:
    cards = []
    if user.has_perm("reporters.manage_reporters"):
        cards.append({
            "url": "reporters:weekly",
            "title": _("Reporters without a report this week"),
            "count": reporters_missing().count(),
        })
        cards.append({
            "url": "reporters:emergency_list", "query": "?which=overdue",
            "title": _("Emergency reports with the written report overdue"),
            "count": emergencies_for(user).filter(
                written_at__isnull=True, written_due_at__lt=timezone.now()
            ).count(),
        })
    if user.has_perm("reporters.review_any_report") or user.reviewed_work_groups.exists():
        cards.append({
            "url": "reporters:report_list", "query": "?status=submitted",
            "title": _("Information reports awaiting review"),
            "count": awaiting_review(user).count(),
        })
    return cards
