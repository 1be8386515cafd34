"""The world the access matrix runs against: users of every role, a resident, its slips and
grants, and the records of the subjects a family of cases can show (fixtures.py builds it once
per family)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from residents import roles
from residents.access import services as grants
from residents.accounts import services as accounts
from residents.audit.context import acting_as
from residents.documents.services import document_store
from residents.models import (
    AccessGrant,
    AccountChangeKind,
    ExportFile,
    ExportStatus,
    GrantScope,
    Notification,
    ResidentUserObjectPermission,
    Slip,
)
from residents.notifications.services import notification_send
from tests.access_matrix.cases import FAMILIES
from tests.access_matrix.cases.common import World
from tests.factories import make_resident
from tests.residents.jobs.queue import make_failed_job

# A whole 1×1 PNG (the document store decodes images before keeping them).
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c63f80f0001010100b138f6140000000049454e44ae426082"
)
FULL_ID_PHONE = "13812345678"


def _user(name: str, group: str | None, *, staff: bool = False) -> User:
    user = User.objects.create(username=name, is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def build_world(family: str) -> World:
    """Users of every role, one resident with slips and grants, and what the family's
    subject modules add (only what the family's URLs can show)."""
    users = {
        "front_desk": _user("fd", roles.FRONT_DESK),
        "manager": _user("mgr", roles.MANAGER),
        "designated_manager": _user("dmgr", roles.MANAGER),
        "reporter": _user("rep", roles.REPORTER),
        "other_staff": _user("os", roles.OTHER_STAFF),
        "other_staff_granted": _user("osg", roles.OTHER_STAFF),
        "other_staff_expired": _user("ose", roles.OTHER_STAFF),
        "auditor": _user("aud", roles.AUDITOR),
        "sysadmin": _user("sys", roles.SYSADMIN, staff=True),
    }
    users["designated_manager"].user_permissions.add(
        Permission.objects.get(codename="approve_accessgrant")
    )
    resident = make_resident(actor=users["front_desk"], phone=FULL_ID_PHONE)
    slip = Slip.objects.create(
        kind="registration", resident=resident, printed_by=users["front_desk"],
        content_hash="0" * 64, verification_code="MATRIX01",
        field_groups=["basic", "service_needs"],  # as a front-desk print shows them
    )
    signed = Slip.objects.create(
        kind="registration", resident=resident, printed_by=users["front_desk"],
        content_hash="0" * 64, verification_code="MATRIX02", signed_on=timezone.localdate(),
        field_groups=["basic", "service_needs"],
    )
    signed.signed_document = document_store(
        data=PNG_1X1, kind="signed_slip", uploaded_by=users["front_desk"], resident=resident,
        field_groups=signed.field_groups,
    )
    signed.save(update_fields=["signed_document"])
    approver = users["designated_manager"]
    expires = timezone.now() + datetime.timedelta(hours=24)
    with acting_as(users["other_staff_granted"]):
        approved = grants.grant_request(
            requester=users["other_staff_granted"], resident=resident,
            purpose="核实低保申请材料", scope=GrantScope.SERVICE,
        )
    with acting_as(approver):
        approved = grants.grant_approve(grant=approved, approver=approver, expires_at=expires)
    expired = grants.grant_request(
        requester=users["other_staff_expired"], resident=resident,
        purpose="核实救助申请", scope=GrantScope.SERVICE,
    )
    expired = grants.grant_approve(grant=expired, approver=approver, expires_at=expires)
    past = timezone.now() - datetime.timedelta(minutes=1)
    AccessGrant.objects.filter(pk=expired.pk).update(expires_at=past)
    ResidentUserObjectPermission.objects.filter(grant=expired).update(expires_at=past)
    pending = grants.grant_request(
        requester=users["other_staff"], resident=resident,
        purpose="走访前了解情况", scope=GrantScope.SERVICE,
    )
    world = World(users, resident, slip, signed, pending, approved)
    # A role assignment awaiting a security administrator (none of the matrix roles is one).
    world.extra["account_change"] = accounts.account_change_request(
        requester=users["sysadmin"], user=users["reporter"], kind=AccountChangeKind.ADD_ROLE,
        role=roles.FRONT_DESK, reason="矩阵测试",
    )
    # A notification in the front desk's inbox: only its recipient opens it.
    notification_send(recipients=[users["front_desk"]], text="矩阵测试", url="/")
    world.extra["notification"] = Notification.objects.get(recipient=users["front_desk"])
    # A failed background job, for the job page's retry.
    world.extra["failed_job"] = make_failed_job()
    # A list export built in the background for the front desk, waiting to be downloaded.
    world.extra["export_file"] = ExportFile.objects.create(
        list_name="residents", file_format="csv", requested_by=users["front_desk"],
        status=ExportStatus.READY, content="档案编号\r\n".encode(), rows=0,
        ready_at=timezone.now(),
    )
    for module in FAMILIES[family]:
        module.build(world)
    return world
