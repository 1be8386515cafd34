"""The week at a glance for managers: who has not reported, and the weekly mailings."""

from __future__ import annotations

from django.shortcuts import render

from reporters.models import WeeklyMailing
from reporters.weekly import services
from residents.common.permissions import require_perm


def weekly(request):
    require_perm(request.user, "reporters.manage_reporters")
    start, due = services.week_bounds()
    return render(request, "reporters/weekly.html", {
        "missing": services.reporters_missing(), "week_start": start, "due": due,
        "past_due": services.is_past_due(),
        "mailings": WeeklyMailing.objects.defer("attachment")[:12],
    })
