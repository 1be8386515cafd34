"""Managers keep the business departments, the review duties and the service windows (AFF-3,
AFF-7), and reassign a case's handler. Each write checks the permission, locks what it
changes and is logged by auditlog (the models are registered); a reassignment is also a step
of the case, with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.engine.services import lock_case
from casework.engine.workflows import CLOSED_STATUSES, REASSIGN_ACTION
from casework.models import (
    AffairItem,
    Case,
    CaseStep,
    Department,
    ReviewDuty,
    ReviewDutyKind,
    ServiceWindow,
)
from residents.common.errors import ActionRefused

HANDLE = "casework.handle_case"


def staff_who_handle():
    """The active accounts that may handle cases: the choices for a window or a handler."""
    User = get_user_model()
    holders = User.objects.filter(is_active=True).filter(
        groups__permissions__codename="handle_case",
        groups__permissions__content_type__app_label="casework",
    )
    return User.objects.filter(pk__in=holders.values("pk")).order_by("username")


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused(_("Give a name."), field="name")
    return name


def _save_unique(obj, message: str, **kwargs):
    obj.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as error:
        raise ActionRefused(message, field="name") from error
    return obj


def department_save(
    *, name: str, members: Iterable, is_active: bool = True, actor,
    department: Department | None = None,
) -> Department:
    permission = "casework.change_department" if department else "casework.add_department"
    if not actor.has_perm(permission):
        raise ActionRefused(_("You are not allowed to keep the business departments."))
    name = _name(name)
    taken = _("There is already a department with this name.")
    with transaction.atomic():
        if Department.objects.filter(name__iexact=name).exclude(
            pk=department.pk if department else None
        ).exists():
            raise ActionRefused(taken, field="name")
        if department is None:
            department = Department(name=name, is_active=is_active)
        else:
            department = Department.objects.select_for_update().get(pk=department.pk)
            department.name, department.is_active = name, is_active
        _save_unique(department, taken)
        department.members.set(list(members))
    return department


def window_save(
    *, name: str, items: Iterable[AffairItem], staff: Iterable, is_active: bool = True, actor,
    window: ServiceWindow | None = None,
) -> ServiceWindow:
    permission = "casework.change_servicewindow" if window else "casework.add_servicewindow"
    if not actor.has_perm(permission):
        raise ActionRefused(_("You are not allowed to keep the service windows."))
    name = _name(name)
    staff = list(staff)
    allowed = set(staff_who_handle().values_list("pk", flat=True))
    if any(user.pk not in allowed for user in staff):
        raise ActionRefused(
            _("Only active staff who handle cases can be on duty at a window."), field="staff"
        )
    taken = _("There is already a window with this name.")
    with transaction.atomic():
        if ServiceWindow.objects.filter(name__iexact=name).exclude(
            pk=window.pk if window else None
        ).exists():
            raise ActionRefused(taken, field="name")
        if window is None:
            window = ServiceWindow(name=name, is_active=is_active)
        else:
            window = ServiceWindow.objects.select_for_update().get(pk=window.pk)
            window.name, window.is_active = name, is_active
        _save_unique(window, taken)
        window.items.set(list(items))
        window.staff.set(staff)
    return window


def review_duty_grant(*, user, duty: str, title: str, actor) -> ReviewDuty:
    if not actor.has_perm("casework.add_reviewduty"):
        raise ActionRefused(_("You are not allowed to give review duties."))
    if duty not in ReviewDutyKind.values:
        raise ActionRefused(_("Choose a duty from the list."), field="duty")
    title = " ".join((title or "").split())
    if not title:
        raise ActionRefused(
            _("State the title or the authorisation the duty rests on."), field="title"
        )
    if not user.is_active:
        raise ActionRefused(_("This account is not active."), field="user")
    with transaction.atomic():
        if ReviewDuty.objects.filter(user=user, duty=duty).exists():
            raise ActionRefused(_("This person already has this duty."), field="user")
        grant = ReviewDuty(user=user, duty=duty, title=title, granted_by=actor)
        grant.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                grant.save()
        except IntegrityError as error:
            raise ActionRefused(_("This person already has this duty."), field="user") from error
    return grant


def review_duty_revoke(*, grant: ReviewDuty, actor) -> None:
    if not actor.has_perm("casework.delete_reviewduty"):
        raise ActionRefused(_("You are not allowed to withdraw review duties."))
    with transaction.atomic():
        ReviewDuty.objects.filter(pk=grant.pk).delete()


def case_reassign(*, case: Case, handler, reason: str, actor) -> Case:
    """A manager hands the case to another handler (AFF-7); recorded as a step with the reason."""
    if not actor.has_perm("casework.assign_case"):
        raise ActionRefused(_("You are not allowed to reassign cases."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("State why the case changes hands."), field="reason")
    if handler is None or not staff_who_handle().filter(pk=handler.pk).exists():
        raise ActionRefused(
            _("Choose an active member of staff who handles cases."), field="handler"
        )
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status in CLOSED_STATUSES:
            raise ActionRefused(
                _("Case %(number)s is finished; its handler no longer changes.")
                % {"number": locked.number}
            )
        if locked.handler_id == handler.pk:
            raise ActionRefused(
                _("%(name)s already handles case %(number)s.")
                % {"name": handler.get_username(), "number": locked.number},
                field="handler",
            )
        previous = locked.handler.get_username() if locked.handler_id else "—"
        locked.handler = handler
        locked.full_clean()
        locked.save(update_fields=["handler"])
        CaseStep.objects.create(
            case=locked, action=REASSIGN_ACTION, from_status=locked.status,
            to_status=locked.status, actor=actor,
            decision_reason=f"{previous} → {handler.get_username()}：{reason}",
        )
    return locked
