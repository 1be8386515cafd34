"""Access matrix cases of batch prints (DAT-3).

Only users who may print slips start a batch (everyone else 403); a batch and its PDF are the
requester's alone: the front desk's batch is 404 to the managers, who may print too.
"""

from __future__ import annotations

from django.urls import reverse

from residents.batchprints import services as batch_prints
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

PRINTERS = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)
REQUESTER_ONLY = _statuses(FORBIDDEN, front_desk=OK, manager=HIDDEN, designated_manager=HIDDEN)


def _batch_url(name: str):
    return lambda w: reverse(f"residents:{name}", args=[w.extra["batch_print"].pk])


CASES: dict[str, Case] = {
    "residents:batch_print_create": Case(
        "post", lambda w: reverse("residents:batch_print_create"),
        _statuses(FORBIDDEN, **PRINTERS),
        lambda w: {"scope": "selected", "resident": [w.resident.pk]},
    ),
    "residents:batch_print_detail": Case("get", _batch_url("batch_print_detail"), REQUESTER_ONLY),
    "residents:batch_print_pdf": Case("get", _batch_url("batch_print_pdf"), REQUESTER_ONLY),
}

AUDITED_READS = {"residents:batch_print_pdf": "read"}


def build(world: World) -> None:
    """A batch print of the world's resident by the front desk, printed."""
    batch = batch_prints.batch_print_request(
        actor=world.users["front_desk"], resident_ids=[world.resident.pk]
    )
    world.extra["batch_print"] = batch_prints.batch_print_run(batch_id=batch.pk)
