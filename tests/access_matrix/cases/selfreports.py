"""Access matrix cases of residents' own reports (TRK-5): the public form for everyone, the
staff list for the front desk and managers only (the reports are online feedback)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from residents.models import SelfReport
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, ROLES, Case, World, _statuses

EVERYONE = {role: OK for role in ROLES}
WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)

CASES: dict[str, Case] = {
    "self_report": Case("get", lambda w: reverse("self_report"), EVERYONE),
    "self_report_done": Case("get", lambda w: reverse("self_report_done"), EVERYONE),
    "residents:self_report_list": Case(
        "get", lambda w: reverse("residents:self_report_list"),
        _statuses(FORBIDDEN, **WORKERS),
    ),
    "residents:self_report_confirm": Case(
        "post",
        lambda w: reverse("residents:self_report_confirm", args=[w.extra["self_report"].pk]),
        _statuses(FORBIDDEN, **WORKERS_ACT),
        lambda w: {f"report-{w.extra['self_report'].pk}-note": "电话核实属实"},
    ),
    "residents:self_report_dismiss": Case(
        "post",
        lambda w: reverse("residents:self_report_dismiss", args=[w.extra["self_report"].pk]),
        _statuses(FORBIDDEN, **WORKERS_ACT),
        lambda w: {f"report-{w.extra['self_report'].pk}-note": "与本人核实并无变化"},
    ),
}

AUDITED_READS = {"residents:self_report_list": "read"}


def build(world: World) -> None:
    world.extra["self_report"] = SelfReport.objects.create(
        resident=world.resident, aspect="economic", text="本人已于上月重新就业",
        consent_at=timezone.now(),
    )
