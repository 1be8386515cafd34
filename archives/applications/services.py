"""Access applications (查阅申请, ARC-4, ARC-8): apply with a purpose, the responsible manager
approves a viewing window and names the supervisor, the applicant views in the window only."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import AccessApplication, Volume
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import GrantStatus
from residents.notifications.services import notification_send


def application_submit(*, actor, purpose: str, volumes) -> AccessApplication:
    require_perm(actor, "archives.add_accessapplication")
    purpose = purpose.strip()
    if not purpose:
        raise ActionRefused(_("State the purpose of the viewing."), field="purpose")
    volumes = [volume for volume in volumes if volume.destroyed_at is None]
    if not volumes:
        raise ActionRefused(_("Choose at least one volume."), field="volumes")
    with transaction.atomic():
        application = AccessApplication.objects.create(applicant=actor, purpose=purpose)
        application.volumes.set(volumes)
    return application


def window_bounds(day: datetime.date, start: datetime.time, end: datetime.time):
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, start), tz),
        timezone.make_aware(datetime.datetime.combine(day, end), tz),
    )


def application_approve(
    *, application: AccessApplication, actor, day: datetime.date, start: datetime.time,
    end: datetime.time, supervisor,
) -> AccessApplication:
    require_perm(actor, "archives.approve_accessapplication")
    if end <= start:
        raise ActionRefused(_("The viewing must end after it starts."), field="end")
    starts_at, expires_at = window_bounds(day, start, end)
    if expires_at <= timezone.now():
        raise ActionRefused(_("The viewing window is already over."), field="day")
    with transaction.atomic():
        locked = AccessApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != GrantStatus.REQUESTED:
            raise ActionRefused(_("This application has already been decided."))
        if locked.applicant_id == actor.pk:
            raise ActionRefused(_("Nobody approves their own application."))
        if supervisor is None or supervisor.pk == locked.applicant_id:
            raise ActionRefused(
                _("Name a supervisor other than the applicant."), field="supervisor"
            )
        locked.status = GrantStatus.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.supervisor = supervisor
        locked.starts_at = starts_at
        locked.expires_at = expires_at
        locked.save()
    notification_send(
        recipients=[locked.applicant], key=f"archive-access-{locked.pk}",
        text=_("Your archive access application #%(pk)s was approved.") % {"pk": locked.pk},
        url=f"/archives/applications/{locked.pk}/",
    )
    return locked


def application_reject(*, application: AccessApplication, actor, note: str) -> AccessApplication:
    require_perm(actor, "archives.approve_accessapplication")
    if not note.strip():
        raise ActionRefused(_("Give the reason for the rejection."), field="note")
    with transaction.atomic():
        locked = AccessApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != GrantStatus.REQUESTED:
            raise ActionRefused(_("This application has already been decided."))
        locked.status = GrantStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save()
    return locked


def volumes_queryset():
    return Volume.objects.filter(destroyed_at__isnull=True)
