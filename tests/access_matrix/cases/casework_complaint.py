"""Access matrix cases of the complaint pages (Issue 5, CMP-1…CMP-3).

Front desk and managers register complaints; only managers publish them on the board. The
public board and the online form answer everyone, anonymous visitors included. The published
complaint is about the world's resident, so the leak check proves the board shows none of
their data.
"""

from __future__ import annotations

from django.urls import reverse

from casework.complaints import services as complaint_services
from casework.engine import services
from casework.models import Case as CaseRecord
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses

EVERYONE_OK = _statuses(OK, anonymous=OK)
WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
PUBLISHERS = dict(front_desk=FORBIDDEN, manager=FOUND, designated_manager=FOUND)


def _pk(w: World, key: str) -> int:
    return w.extra["complaint"][key].pk


CASES: dict[str, Case] = {
    "casework:complaint_register": Case(
        "get", lambda w: reverse("casework:complaint_register"), _statuses(FORBIDDEN, **WORKERS)
    ),
    "casework:complaint_publish": Case(
        "post", lambda w: reverse("casework:complaint_publish", args=[_pk(w, "closed")]),
        _statuses(HIDDEN, **PUBLISHERS),
        lambda w: {"publish-summary": "反映小区路灯损坏", "publish-result": "已协调物业修复"},
    ),
    "casework:complaint_unpublish": Case(
        "post", lambda w: reverse("casework:complaint_unpublish", args=[_pk(w, "published")]),
        _statuses(HIDDEN, **PUBLISHERS),
        lambda w: {"unpublish-reason": "公示期满"},
    ),
    "public:board": Case("get", lambda w: reverse("public:board"), EVERYONE_OK),
    # The online form sends valid data: everyone, staff too, is sent to the done page.
    "public:complaint_new": Case(
        "post", lambda w: reverse("public:complaint_new"), _statuses(FOUND, anonymous=FOUND),
        lambda w: {
            "complaint_type": "suggestion", "name": "网民甲", "contact": "13600002222",
            "subject": "建议增设休息座椅", "details": "小区广场缺少座椅", "consent": "on",
        },
    ),
    "public:complaint_done": Case("get", lambda w: reverse("public:complaint_done"), EVERYONE_OK),
}


def _closed(fd, **applicant) -> CaseRecord:
    case = complaint_services.complaint_register(
        actor=fd, channel="window", complaint_type="complaint", subject="路灯损坏",
        details="小区东门路灯不亮", **applicant,
    )
    for action in ("investigate", "handle"):
        case = services.case_act(case=case, action=action, actor=fd)
    services.case_feedback(case=case, channel="phone", text="已电话告知", actor=fd)
    services.return_visit_record(case=case, satisfaction=5, comment="", actor=fd)
    return CaseRecord.objects.get(pk=case.pk)


def build(world: World) -> None:
    fd, manager = world.users["front_desk"], world.users["manager"]
    published = complaint_services.complaint_publish(
        case=_closed(fd, resident=world.resident), actor=manager,
        summary="反映小区东门路灯不亮", result="已协调物业更换灯具",
    )
    world.extra["complaint"] = {
        "closed": _closed(fd, applicant_name="投诉人司马", applicant_contact="13700005555"),
        "published": published,
    }
