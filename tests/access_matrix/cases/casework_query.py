"""Access matrix cases of the query pages (Issue 5, QRY-1).

Front desk and managers open query requests, check identities and print the result slip;
everyone else sees no case (404). Opening names a resident: a resident the user may not see
answers 404, a visible one without the right to open cases 403. The result slip prints the
resident's own record in full on purpose (for the resident, after the identity check).
"""

from __future__ import annotations

from django.urls import reverse

from casework.query import services as query_services
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)


def _query(w: World, key: str) -> int:
    return w.extra["queries"][key].pk


CASES: dict[str, Case] = {
    "casework:query_open": Case(
        "get", lambda w: reverse("casework:query_open", args=[w.resident.pk]),
        _statuses(HIDDEN, other_staff_granted=FORBIDDEN, **WORKERS),
    ),
    "casework:query_identity_check": Case(
        "post", lambda w: reverse("casework:query_identity_check", args=[_query(w, "opened")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"identity-document": "id_card", "identity-note": ""},
    ),
    "casework:query_result_print": Case(
        "post", lambda w: reverse("casework:query_result_print", args=[_query(w, "checked")]),
        _statuses(HIDDEN, **WORKERS),
        # Typed from the card presented: every print needs it (tests/security covers refusals).
        # The prints after the first say why.
        lambda w: {"print-id_number": w.resident.id_number, "print-reprint_reason": "打印机卡纸"},
    ),
}

# Pages that must record a read of the world's resident (front-desk request).
AUDITED_READS = {
    "casework:query_open": "read",
    "casework:query_result_print": "read",
}

# The resident's own record in full, printed for the resident after the identity check.
FULL_BY_DESIGN = {"casework:query_result_print"}


def build(world: World) -> None:
    fd = world.users["front_desk"]
    opened = query_services.query_open(
        resident=world.resident, actor=fd, purpose="核对本人登记信息",
    )
    checked = query_services.query_open(
        resident=world.resident, actor=fd, purpose="办理社保需核对户籍信息",
        include_access_report=True,
    )
    checked = query_services.query_identity_check(case=checked, actor=fd, document="id_card")
    world.extra["queries"] = {"opened": opened, "checked": checked}
