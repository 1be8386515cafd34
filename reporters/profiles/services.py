"""The reporter register (REP-1, REP-15): registering a reporter, the confidentiality
agreement, and suspending, reinstating or revoking a reporter."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.documents import IMAGES, IMAGES_AND_PDF, store
from reporters.models import ReporterProfile, ReporterStatus, WorkGroup
from residents import roles
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future
from residents.models import DocumentKind

MANAGE = "reporters.manage_reporters"


def reporter_register(
    *, actor: User, user: User, area: str, group: WorkGroup | None, started_on: datetime.date
) -> ReporterProfile:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.groups.filter(name=roles.REPORTER).exists():
            raise ActionRefused(
                _("This account does not have the reporter role; ask the system administrator "
                  "to give it first."),
                field="user",
            )
        if ReporterProfile.objects.filter(user=user).exists():
            raise ActionRefused(_("This account is already registered as a reporter."),
                                field="user")
        return ReporterProfile.objects.create(
            user=user, area=area, group=group, started_on=started_on, created_by=actor
        )


def reporter_update(
    *, actor: User, profile: ReporterProfile, area: str, group: WorkGroup | None
) -> ReporterProfile:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        profile = ReporterProfile.objects.select_for_update().get(pk=profile.pk)
        profile.area = area
        profile.group = group
        profile.save(update_fields=["area", "group"])
        return profile


def agreement_printed(*, actor: User, profile: ReporterProfile) -> ReporterProfile:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        profile = ReporterProfile.objects.select_for_update().get(pk=profile.pk)
        profile.agreement_printed_at = timezone.now()
        profile.save(update_fields=["agreement_printed_at"])
        return profile


def agreement_sign(
    *, actor: User, profile: ReporterProfile, signed_on: datetime.date, scan: bytes
) -> ReporterProfile:
    """Record the signed confidentiality agreement (保密协议) with its scan; until then the
    reporter cannot submit a report."""
    require_perm(actor, MANAGE)
    refuse_future(signed_on, field="signed_on")
    with transaction.atomic():
        profile = ReporterProfile.objects.select_for_update().get(pk=profile.pk)
        if profile.agreement_printed_at is None:
            raise ActionRefused(
                _("Print the confidentiality agreement for signing first."), field="signed_on"
            )
        profile.agreement_scan = store(
            data=scan, kind=DocumentKind.AGREEMENT, uploaded_by=actor, allowed=IMAGES_AND_PDF,
            field="scan",
        )
        profile.agreement_signed_on = signed_on
        profile.save(update_fields=["agreement_signed_on", "agreement_scan"])
        return profile


def reporter_seal_set(*, actor: User, profile: ReporterProfile, seal: bytes) -> ReporterProfile:
    """The reporter's personal seal image (PNG or JPG only): it stamps the written emergency
    report of a reporter without a group seal (REP-12)."""
    require_perm(actor, MANAGE)
    with transaction.atomic():
        profile = ReporterProfile.objects.select_for_update().get(pk=profile.pk)
        profile.seal = store(data=seal, kind=DocumentKind.SEAL, uploaded_by=actor,
                             allowed=IMAGES, field="seal")
        profile.save(update_fields=["seal"])
        return profile


def _end_sessions(user: User) -> None:
    """Sign the user out everywhere at once."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def reporter_set_status(
    *, actor: User, profile: ReporterProfile, status: str, reason: str
) -> ReporterProfile:
    """Suspend, reinstate or revoke (REP-15). A revoked reporter loses access at once: the
    account is deactivated and every session ended; the reports and the work file stay."""
    require_perm(actor, MANAGE)
    with transaction.atomic():
        profile = ReporterProfile.objects.select_for_update().get(pk=profile.pk)
        if profile.status == ReporterStatus.REVOKED:
            raise ActionRefused(_("A revoked reporter cannot be reinstated; register anew."))
        if status == profile.status:
            raise ActionRefused(_("The reporter already has this status."), field="status")
        if status != ReporterStatus.ACTIVE and not reason.strip():
            raise ActionRefused(_("Give the reason."), field="reason")
        profile.status = status
        profile.status_reason = reason
        profile.status_changed_at = timezone.now()
        profile.save(update_fields=["status", "status_reason", "status_changed_at"])
        if status == ReporterStatus.REVOKED:
            user = User.objects.select_for_update().get(pk=profile.user_id)
            user.is_active = False
            user.save(update_fields=["is_active"])
            _end_sessions(user)
        return profile


def may_file(user: User) -> ActionRefused | None:
    """Why the user may not file a report now, or None."""
    if not user.has_perm("reporters.file_report"):
        return ActionRefused(_("Only information reporters file reports."))
    profile = ReporterProfile.objects.filter(user=user).first()
    if profile is None:
        return ActionRefused(_("You are not registered as a reporter yet."))
    if profile.status != ReporterStatus.ACTIVE:
        return ActionRefused(_("Your reporter status is suspended or revoked."))
    if not profile.agreement_signed:
        return ActionRefused(
            _("The confidentiality agreement has not been signed yet; nothing can be submitted "
              "before it is.")
        )
    return None
