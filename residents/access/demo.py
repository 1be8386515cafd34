"""Demo exceptional access (ACC-2) for `manage.py seed_demo`: one grant in force, one request."""

from __future__ import annotations

from auditlog.context import set_actor
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from residents.access import services as grants
from residents.models import AccessGrant, GrantScope, RegistrationStatus, Resident


def seed(*, users: dict[str, User]) -> int:
    """`manager` is a designated manager; `staff` gets one grant in force and one request.

    The grants are made only while `staff` has no grant at all, so a second run (even
    after the demo grant has expired) changes nothing.
    """
    approve = Permission.objects.get(
        content_type__app_label="residents", codename="approve_accessgrant"
    )
    if not users["manager"].user_permissions.filter(pk=approve.pk).exists():
        users["manager"].user_permissions.add(approve)
    manager = User.objects.get(pk=users["manager"].pk)  # no stale permission cache
    staff = users["staff"]
    if AccessGrant.objects.filter(requester=staff).exists():
        return 0
    verified = list(
        Resident.objects.filter(status=RegistrationStatus.VERIFIED)
        .order_by("archive_number")
        .only("pk")[:2]
    )
    if not verified:
        return 0
    with set_actor(staff):
        grant = grants.grant_request(
            requester=staff, resident=verified[0], purpose="核实低保申请材料",
            scope=GrantScope.SERVICE,
        )
    with set_actor(manager):
        grants.grant_approve(
            grant=grant, approver=manager,
            expires_at=timezone.now() + grants.MAX_DURATION, note="演示数据",
        )
    if len(verified) < 2:
        return 1
    with set_actor(staff):
        grants.grant_request(
            requester=staff, resident=verified[1], purpose="上门走访前了解服务需求",
            scope=GrantScope.SERVICE,
        )
    return 2
