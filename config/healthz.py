"""Liveness of the service for operations: 200 when the database answers, 503 otherwise.

With a read replica configured (config/database_replica.py) the answer also says whether it
answers and how far behind the primary it is; a replica down does not make the service
unhealthy (only exports, dashboards and the audit trail read from it).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.database_replica import REPLICA_ALIAS, replica_configured

# Seconds since the last replayed transaction, or 0 when everything received is replayed
# (an idle primary sends nothing to replay).
_REPLICA_LAG = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())
       END
"""


def _replica_state() -> dict:
    try:
        with connections[REPLICA_ALIAS].cursor() as cursor:
            cursor.execute(_REPLICA_LAG)
            in_recovery, lag = cursor.fetchone()
    except Exception:  # a replica that does not answer is reported, not raised
        return {"status": "unavailable"}
    if not in_recovery:
        return {"status": "not_a_replica"}
    return {"status": "ok", "lag_seconds": None if lag is None else round(float(lag), 3)}


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
    answer = {"status": "ok"}
    if replica_configured():
        answer["replica"] = _replica_state()
    return JsonResponse(answer)
