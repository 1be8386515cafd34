"""Exceptional access for staff without a resident role (ACC-2): request, decide, revoke, expire.

Every step is a service: one transaction, the grant row locked, and the change recorded by
auditlog (AccessGrant and its object permissions are registered models).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.common.errors import ActionRefused
from residents.models import (
    AccessGrant,
    GrantScope,
    GrantStatus,
    Resident,
    ResidentUserObjectPermission,
)

DEFAULT_DURATION = datetime.timedelta(hours=24)
MAX_DURATION = datetime.timedelta(days=30)

SCOPE_PERMISSIONS = {
    GrantScope.SERVICE: ["view_resident", "view_service_needs", "view_feedback"],
    GrantScope.COMPREHENSIVE: [
        "view_resident",
        "view_service_needs",
        "view_feedback",
        "view_sensitive",
        "view_key_person",
    ],
}


def grant_request(*, requester, resident: Resident, purpose: str, scope: str) -> AccessGrant:
    purpose = purpose.strip()
    if len(purpose) < 4:
        raise ActionRefused(_("State the purpose of the access in a few words."))
    with transaction.atomic():
        open_request = (
            AccessGrant.objects.select_for_update()
            .filter(
                requester=requester,
                resident=resident,
                status__in=[GrantStatus.REQUESTED, GrantStatus.APPROVED],
            )
            .first()
        )
        if open_request is not None and not open_request.is_lapsed():
            raise ActionRefused(_("You already have an open request or grant for this resident."))
        if open_request is not None:
            _expire(open_request)
        grant = AccessGrant(requester=requester, resident=resident, purpose=purpose, scope=scope)
        grant.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                grant.save()
        except IntegrityError as exc:
            # The same request sent twice at once: the database keeps one open request.
            raise ActionRefused(
                _("You already have an open request or grant for this resident.")
            ) from exc
    return grant


def _locked(grant: AccessGrant) -> AccessGrant:
    return AccessGrant.objects.select_for_update().get(pk=grant.pk)


def grant_approve(
    *, grant: AccessGrant, approver, expires_at: datetime.datetime, note: str = ""
) -> AccessGrant:
    now = timezone.now()
    if not approver.has_perm("residents.approve_accessgrant"):
        raise ActionRefused(_("Only a designated manager may approve access."))
    if expires_at <= now:
        raise ActionRefused(_("The expiry must be in the future."))
    if expires_at > now + MAX_DURATION:
        raise ActionRefused(_("Access can be granted for at most 30 days."))
    with transaction.atomic():
        locked = _locked(grant)
        if locked.status != GrantStatus.REQUESTED:
            raise ActionRefused(_("This request has already been decided."))
        if locked.requester_id == approver.pk:
            raise ActionRefused(_("Nobody may approve their own request."))
        locked.status = GrantStatus.APPROVED
        locked.decided_by = approver
        locked.decided_at = now
        locked.decision_note = note.strip()
        locked.expires_at = expires_at
        locked.full_clean()
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "expires_at"]
        )
        permissions = Permission.objects.filter(
            content_type__app_label="residents",
            codename__in=SCOPE_PERMISSIONS[GrantScope(locked.scope)],
        )
        for permission in permissions:
            # Guardian's direct-FK storage, written here because the row carries the expiry.
            ResidentUserObjectPermission.objects.create(
                user=locked.requester,
                permission=permission,
                content_object=locked.resident,
                grant=locked,
                expires_at=expires_at,
            )
    return locked


def grant_reject(*, grant: AccessGrant, approver, note: str) -> AccessGrant:
    if not approver.has_perm("residents.approve_accessgrant"):
        raise ActionRefused(_("Only a designated manager may reject access."))
    if not note.strip():
        raise ActionRefused(_("Say why the request is rejected."))
    with transaction.atomic():
        locked = _locked(grant)
        if locked.status != GrantStatus.REQUESTED:
            raise ActionRefused(_("This request has already been decided."))
        locked.status = GrantStatus.REJECTED
        locked.decided_by = approver
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return locked


def grant_revoke(*, grant: AccessGrant, actor) -> AccessGrant:
    if not actor.has_perm("residents.approve_accessgrant"):
        raise ActionRefused(_("Only a designated manager may revoke access."))
    with transaction.atomic():
        locked = _locked(grant)
        if locked.status != GrantStatus.APPROVED or locked.is_lapsed():
            raise ActionRefused(_("Only a grant in force can be revoked."))
        locked.status = GrantStatus.REVOKED
        locked.ended_by = actor
        locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "ended_by", "ended_at"])
        _delete_permissions(locked)
    return locked


def _delete_permissions(grant: AccessGrant) -> None:
    # One by one so that auditlog records each removed permission.
    for permission in ResidentUserObjectPermission.objects.filter(grant=grant):
        permission.delete()


def _expire(grant: AccessGrant) -> None:
    grant.status = GrantStatus.EXPIRED
    grant.ended_at = grant.expires_at
    grant.save(update_fields=["status", "ended_at"])
    _delete_permissions(grant)


def grants_expire_lapsed() -> int:
    """Mark grants past their expiry as expired and remove their permissions (audited).

    Reads already refuse lapsed grants at the expiry instant; this tidies the records and
    makes each expiry its own audit entry.
    """
    count = 0
    lapsed = AccessGrant.objects.lapsed().values_list("pk", flat=True)
    for pk in lapsed:
        with transaction.atomic():
            grant = AccessGrant.objects.select_for_update().get(pk=pk)
            if grant.is_lapsed():
                _expire(grant)
                count += 1
    return count
