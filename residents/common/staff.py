"""How staff members are named where their own name must not appear: role and staff number.

A resident's access report shows who touched the record as "role + staff number" (工号), never
a username or a person's name. The staff number is derived from the user's primary key, in
this one place, so the audit trail, the report and any later print agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from residents import roles

ROLE_LABELS = {
    roles.FRONT_DESK: _("Front desk staff"),
    roles.MANAGER: _("Community manager"),
    roles.REPORTER: _("Information reporter"),
    roles.OTHER_STAFF: _("Other staff"),
    roles.AUDITOR: _("Audit and supervision staff"),
    roles.SYSADMIN: _("System administrator"),
    roles.SECURITY_ADMIN: _("Security administrator"),
    roles.SUPERVISOR: _("Supervision group member"),
}

# When a user holds several roles, the one shown is the first of these they hold.
ROLE_PRIORITY = (
    roles.MANAGER,
    roles.FRONT_DESK,
    roles.AUDITOR,
    roles.SECURITY_ADMIN,
    roles.SYSADMIN,
    roles.SUPERVISOR,
    roles.REPORTER,
    roles.OTHER_STAFF,
)

NO_ACTOR_LABEL = _("System or online self-service")


def staff_number(user) -> str:
    """The staff number (工号) of a user or of a user primary key, e.g. GH00012."""
    pk = user if isinstance(user, int) else user.pk
    return f"GH{pk:05d}"


def primary_role(group_names: Iterable[str], *, is_superuser: bool = False) -> str:
    held = set(group_names)
    for role in ROLE_PRIORITY:
        if role in held:
            return role
    return roles.SYSADMIN if is_superuser else roles.OTHER_STAFF


def roles_of(user_ids: Iterable[int]) -> dict[int, str]:
    """The primary role of each user, with one query for all of them."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    groups: dict[int, set[str]] = {}
    superusers: set[int] = set()
    rows = get_user_model().objects.filter(pk__in=ids).values_list(
        "pk", "is_superuser", "groups__name"
    )
    for pk, is_superuser, name in rows:
        groups.setdefault(pk, set())
        if name:
            groups[pk].add(name)
        if is_superuser:
            superusers.add(pk)
    return {pk: primary_role(names, is_superuser=pk in superusers) for pk, names in groups.items()}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, ROLE_LABELS[roles.OTHER_STAFF]))


def staff_role_label(user, *, role: str | None = None) -> str:
    """The Chinese role name of a user (from `role` when the caller already looked it up)."""
    if user is None:
        return str(NO_ACTOR_LABEL)
    if role is None:
        role = primary_role(
            user.groups.values_list("name", flat=True), is_superuser=user.is_superuser
        )
    return role_label(role)


def staff_display(user, *, role: str | None = None) -> str:
    """'Front desk staff GH00012': how a report names a staff member."""
    if user is None:
        return str(NO_ACTOR_LABEL)
    return f"{staff_role_label(user, role=role)} {staff_number(user)}"


def display_name(user) -> str:
    """A colleague's name as Chinese writes it, family name first and no space (王丽)."""
    name = f"{user.last_name}{user.first_name}".strip()
    return name or user.username
