"""Demo windows, departments and review duties for `manage.py seed_demo` (AFF-3, AFF-7), made
through the services, and one affair taken through the whole chain by four different people,
its result in the window handler's inbox."""

from __future__ import annotations

import random

from django.contrib.auth.models import User

from casework.affairs import catalogue as catalogue_services
from casework.affairs import services as affair_services
from casework.duties import services as duty_services
from casework.engine import services
from casework.models import AffairItem, Department, ReviewDutyKind
from residents.audit.context import acting_as
from residents.models import Resident

# Which department gives the initial review of which catalogue items (by name).
DEPARTMENTS = {
    "民政业务科": ("低保申请受理", "残疾人证申领协助", "老年人优待证办理"),
    "劳动保障科": ("灵活就业登记",),
    "综合办公室": ("居住证明开具",),
}
ITEM_FIELDS = ("name", "legal_basis", "materials", "procedure", "time_limit_days",
               "needs_second_review", "is_active", "reveals_status")


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if Department.objects.exists() or not AffairItem.objects.exists() or not residents:
        return 0
    manager, frontdesk = users["manager"], users["frontdesk"]
    manager2, head = users["manager2"], users.get("head")
    created = 0
    for name, item_names in DEPARTMENTS.items():
        department = duty_services.department_save(name=name, members=[manager], actor=manager)
        created += 1
        for item in AffairItem.objects.filter(name__in=item_names):
            values = {field: getattr(item, field) for field in ITEM_FIELDS}
            limits = {"initial_review_days": 1, "approval_days": 1}
            if item.needs_second_review and item.time_limit_days >= 3:
                limits["second_review_days"] = 1
            catalogue_services.catalogue_item_change(
                item=item, **values, department=department, actor=manager, **limits
            )
    duty_services.window_save(
        name="综合服务窗口", items=AffairItem.objects.filter(is_active=True),
        staff=[u for u in (frontdesk, users.get("frontdesk2")) if u], actor=manager,
    )
    duty_services.review_duty_grant(
        user=manager2, duty=ReviewDutyKind.SECOND_REVIEW, title="分管副主任", actor=manager
    )
    created += 2
    if head is None:
        return created
    duty_services.review_duty_grant(
        user=head, duty=ReviewDutyKind.FINAL_APPROVAL, title="社区党委书记、居委会主任",
        actor=manager,
    )
    created += 1
    # An affair through the whole chain: accepted, initial review by the department, second
    # review by the deputy director, final approval by the head; the handler is told.
    item = AffairItem.objects.get(name="低保申请受理")
    resident = rng.choice([r for r in residents if r.archive_number] or residents)
    case = affair_services.affair_accept(
        item=item, resident=resident, actor=frontdesk, received=item.material_names,
        applicant_contact="13901234567", details="家庭收入下降，申请最低生活保障",
    )
    for action, actor, reason in (
        ("initial_review", manager, "入户调查属实，家庭人均收入低于当地低保标准"),
        ("second_review", manager2, "复审同意"),
        ("approve", head, "同意上报街道审核确认"),
    ):
        with acting_as(actor):
            case = services.case_act(case=case, action=action, actor=actor, reason=reason)
    return created + 1
