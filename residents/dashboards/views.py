"""The dashboard page (SUP-4, SUP-8, SUP-9): managers and the supervision group read counts
of the whole community for a month, quarter or year beside the one before. Counts only:
no resident is shown, so there is nothing to read-log."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.database_replica import reading_from_replica
from residents.common.permissions import require_perm
from residents.dashboards.periods import PERIOD_CHOICES
from residents.dashboards.presentation import dashboard as dashboard_view_model
from residents.dashboards.presentation import period_from

PERMISSION = "residents.view_dashboard"


def dashboard_context(user, params) -> dict:
    today = timezone.localdate()
    period = period_from(params, today)
    with reading_from_replica():
        context = dashboard_view_model(user, period)
    following = period.following
    context.update({
        "period_choices": PERIOD_CHOICES,
        "earlier": period.previous,
        "later": following if following.start <= today else None,
    })
    return context


@require_GET
def dashboard(request):
    require_perm(request.user, PERMISSION)
    return render(
        request, "residents/dashboards/dashboard.html",
        dashboard_context(request.user, request.GET),
    )
