"""The dashboard page (SUP-4, SUP-8, SUP-9): managers and the supervision group read counts
of the whole community for a month, quarter or year beside the one before. Counts only:
no resident is shown, so there is nothing to read-log."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from residents.common.permissions import require_perm
from residents.dashboards.presentation import PERMISSION, dashboard_context


@require_GET
def dashboard(request):
    require_perm(request.user, PERMISSION)
    return render(
        request, "residents/dashboards/dashboard.html",
        dashboard_context(request.user, request.GET),
    )
