"""Access matrix cases of the whistle-blowing channel (SUP-7).

Anyone may send a report through the public form; the reports reach the supervision group and
auditors only — never front desk or managers, whom a report may be about.
"""

from __future__ import annotations

from django.urls import reverse

from casework.whistleblowing import services
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, Case, World, _statuses

EVERYONE_OK = _statuses(OK, anonymous=OK)

CASES: dict[str, Case] = {
    "public:whistleblowing_new": Case(
        "post", lambda w: reverse("public:whistleblowing_new"), _statuses(FOUND, anonymous=FOUND),
        lambda w: {"about": "某窗口工作人员", "content": "办事时索要好处费"},
    ),
    "public:whistleblowing_done": Case(
        "get", lambda w: reverse("public:whistleblowing_done"), EVERYONE_OK
    ),
    "casework:whistleblowing_list": Case(
        "get", lambda w: reverse("casework:whistleblowing_list"),
        _statuses(FORBIDDEN, auditor=OK),
    ),
    "casework:whistleblowing_register": Case(
        "post", lambda w: reverse("casework:whistleblowing_register"),
        _statuses(FORBIDDEN, auditor=FOUND),
        lambda w: {"channel": "hotline", "about": "某部门", "content": "违规收费"},
    ),
    "casework:whistleblowing_detail": Case(
        "get", lambda w: reverse("casework:whistleblowing_detail",
                                 args=[w.extra["whistleblowing"].pk]),
        _statuses(FORBIDDEN, auditor=OK),
    ),
    # A step that does not exist: the auditor is told so on the page, the others are refused.
    "casework:whistleblowing_step": Case(
        "post", lambda w: reverse("casework:whistleblowing_step",
                                  args=[w.extra["whistleblowing"].pk]),
        _statuses(FORBIDDEN, auditor=OK), lambda w: {"action": "nothing"},
    ),
}


def build(world: World) -> None:
    world.extra["whistleblowing"] = services.whistleblowing_submit_online(
        about="某窗口", content="推诿不办"
    )
