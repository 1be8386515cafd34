"""Accounts without self-given power (ACC-7): roles and password resets are asked for by a
system administrator and take effect only when a security administrator approves them.

Nobody decides a change they asked for or that concerns their own account; no path here or in
the admin site makes a superuser. Every change is an audited row, and the group membership it
applies is audited by auditlog's many-to-many logging of `User.groups`.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents import roles
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import AccountChange, AccountChangeKind, AccountChangeStatus

REQUEST_PERMISSION = "residents.add_accountchange"
APPROVE_PERMISSION = "residents.approve_accountchange"
# The roles of the product; a request can name no other group.
ASSIGNABLE_ROLES = (
    roles.FRONT_DESK, roles.MANAGER, roles.REPORTER, roles.OTHER_STAFF, roles.AUDITOR,
    roles.SYSADMIN, roles.SECURITY_ADMIN, roles.SUPERVISOR,
)
TEMPORARY_PASSWORD_LENGTH = 16


def account_change_request(
    *, requester: User, user: User, kind: str, role: str = "", reason: str
) -> AccountChange:
    require_perm(requester, REQUEST_PERMISSION)
    if user.pk == requester.pk:
        raise ActionRefused(_("Nobody may change their own account this way."), field="user")
    if user.is_superuser:
        raise ActionRefused(_("Superuser accounts are not managed here."), field="user")
    if kind not in AccountChangeKind.values:
        raise ActionRefused(_("Choose what to change."), field="kind")
    if kind == AccountChangeKind.RESET_PASSWORD:
        role = ""
    elif role not in ASSIGNABLE_ROLES:
        raise ActionRefused(_("Choose a role."), field="role")
    else:
        holds = user.groups.filter(name=role).exists()
        if kind == AccountChangeKind.ADD_ROLE and holds:
            raise ActionRefused(_("The account already has this role."), field="role")
        if kind == AccountChangeKind.REMOVE_ROLE and not holds:
            raise ActionRefused(_("The account does not have this role."), field="role")
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Give the reason for the change."), field="reason")
    change = AccountChange(
        user=user, kind=kind, role=role, reason=reason, requested_by=requester
    )
    change.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError as exc:
        raise ActionRefused(_("The same change is already awaiting approval.")) from exc
    return change


def _locked_open(change: AccountChange, approver: User) -> AccountChange:
    require_perm(approver, APPROVE_PERMISSION)
    locked = AccountChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != AccountChangeStatus.REQUESTED:
        raise ActionRefused(_("This change has already been decided."))
    if approver.pk in (locked.requested_by_id, locked.user_id):
        raise ActionRefused(
            _("Another security administrator must decide: you asked for it or it concerns you.")
        )
    return locked


def account_change_approve(*, change: AccountChange, approver: User, note: str = "") -> str:
    """Apply the change; returns the temporary password of a reset (shown once), else ""."""
    temporary = ""
    with transaction.atomic():
        locked = _locked_open(change, approver)
        user = User.objects.select_for_update().get(pk=locked.user_id)
        if locked.kind == AccountChangeKind.RESET_PASSWORD:
            temporary = secrets.token_urlsafe(TEMPORARY_PASSWORD_LENGTH)[
                :TEMPORARY_PASSWORD_LENGTH
            ]
            user.set_password(temporary)
            user.save(update_fields=["password"])
        else:
            group = Group.objects.get(name=locked.role)
            if locked.kind == AccountChangeKind.ADD_ROLE:
                user.groups.add(group)
            else:
                user.groups.remove(group)
        locked.status = AccountChangeStatus.APPROVED
        locked.decided_by = approver
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return temporary


def account_change_reject(*, change: AccountChange, approver: User, note: str) -> AccountChange:
    note = note.strip()
    if not note:
        raise ActionRefused(_("Give the reason for the rejection."), field="note")
    with transaction.atomic():
        locked = _locked_open(change, approver)
        locked.status = AccountChangeStatus.REJECTED
        locked.decided_by = approver
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return locked
