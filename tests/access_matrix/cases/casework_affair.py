"""Access matrix cases of the affair pages (Issue 5): the catalogue, acceptance, the affair's
own step and prints, and the public service guide.

Front desk and managers accept and work on affairs; only managers change the catalogue;
everyone else sees no case (404) and no staff page (403). The service guide is public.
"""

from __future__ import annotations

from django.urls import reverse

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.engine import services
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    HIDDEN,
    OK,
    ROLES,
    Case,
    World,
    _statuses,
)

WORKERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
WORKERS_ACT = dict(front_desk=FOUND, manager=FOUND, designated_manager=FOUND)
MANAGERS = dict(manager=OK, designated_manager=OK)
EVERYONE = {role: OK for role in ROLES}

MATERIALS = ("户口簿原件及复印件", "居民身份证原件及复印件", "近期一寸免冠照片2张")


def _affair(w: World, key: str) -> int:
    return w.extra["affair_cases"][key].pk


CASES: dict[str, Case] = {
    "casework:catalogue_list": Case(
        "get", lambda w: reverse("casework:catalogue_list"), _statuses(FORBIDDEN, **WORKERS)
    ),
    "casework:catalogue_add": Case(
        "get", lambda w: reverse("casework:catalogue_add"), _statuses(FORBIDDEN, **MANAGERS)
    ),
    "casework:catalogue_edit": Case(
        "get", lambda w: reverse("casework:catalogue_edit", args=[w.extra["affair_item"].pk]),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:affair_accept": Case(
        "get", lambda w: reverse("casework:affair_accept") + f"?item={w.extra['affair_item'].pk}",
        _statuses(FORBIDDEN, **WORKERS),
    ),
    "casework:affair_materials_complete": Case(
        "post",
        lambda w: reverse("casework:affair_materials_complete", args=[_affair(w, "arrived")]),
        _statuses(HIDDEN, **WORKERS_ACT),
        lambda w: {"materials-complete-reason": "材料已补齐"},
    ),
    "casework:affair_notice_print": Case(
        "post", lambda w: reverse("casework:affair_notice_print", args=[_affair(w, "waiting")]),
        _statuses(HIDDEN, **WORKERS),
        # Every role prints the same slip: the prints after the first say why.
        lambda w: {"reprint_reason": "打印机卡纸"},
    ),
    "casework:affair_receipt_print": Case(
        "post", lambda w: reverse("casework:affair_receipt_print", args=[_affair(w, "accepted")]),
        _statuses(HIDDEN, **WORKERS),
        # Every role prints the same slip: the prints after the first say why.
        lambda w: {"reprint_reason": "打印机卡纸"},
    ),
    # The public service guide: no login, the same for everyone.
    "public:guide": Case("get", lambda w: reverse("public:guide"), EVERYONE),
    "public:guide_item": Case(
        "get", lambda w: reverse("public:guide_item", args=[w.extra["affair_item"].pk]),
        EVERYONE,
    ),
    # Results of handled affairs (PUB-2), names masked: public, the page and its notice.
    "public:affairs_board": Case("get", lambda w: reverse("public:affairs_board"), EVERYONE),
    "public:affairs_notice": Case("get", lambda w: reverse("public:affairs_notice"), EVERYONE),
}

# Both prints show the world's resident: each must record a read.
AUDITED_READS = {
    "casework:affair_notice_print": "read",
    "casework:affair_receipt_print": "read",
}


def build(world: World) -> None:
    fd, manager = world.users["front_desk"], world.users["manager"]
    item = catalogue_services.catalogue_item_add(
        name="老年人优待证办理",
        legal_basis="《中华人民共和国老年人权益保障法》第五十七条",
        materials="\n".join(MATERIALS),
        procedure="窗口受理\n业务科室初审\n社区负责人审批\n制证发放",
        time_limit_days=5,
        needs_second_review=False,
        actor=manager,
    )

    def accept(received):
        return affair_services.affair_accept(
            item=item, resident=world.resident, actor=fd, received=list(received),
            applicant_contact="13900002222", details="办理老年人优待证",
        )

    arrived = accept(MATERIALS[:1])
    for material in arrived.materials.filter(received=False):
        services.case_material_receive(case=arrived, material=material, actor=fd)
    world.extra["affair_item"] = item
    world.extra["affair_cases"] = {
        "accepted": accept(MATERIALS),
        "waiting": accept(MATERIALS[:1]),
        "arrived": arrived,
    }
