"""Liveness of the service for operations: 200 when the database answers, 503 otherwise."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "unhealthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
