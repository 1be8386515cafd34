"""What the reporter's home shows: this week's status, open items and recent feedback."""

from __future__ import annotations

from reporters.emergencies.selectors import emergencies_for
from reporters.models import ReportStatus
from reporters.profiles.selectors import own_profile
from reporters.reports.selectors import reports_for
from reporters.tasks.selectors import open_tasks
from reporters.weekly.services import is_past_due, week_bounds


def home_summary(user) -> dict:
    start, due = week_bounds()
    own = reports_for(user).filter(author=user)
    return {
        "profile": own_profile(user),
        "due": due,
        "past_due": is_past_due(),
        "reported_this_week": own.filter(first_submitted_at__gte=start).exists(),
        "open_reports": own.filter(status__in=[ReportStatus.DRAFT, ReportStatus.REJECTED]),
        "open_calls": emergencies_for(user).filter(written_at__isnull=True),
        "open_tasks": open_tasks(user),
        "feedback": own.filter(
            status__in=[ReportStatus.APPROVED, ReportStatus.HANDLED, ReportStatus.REJECTED]
        ).order_by("-submitted_at")[:5],
    }
