"""Shared vocabulary of the access matrix: roles, expected statuses, cases."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "front_desk",
    "manager",
    "designated_manager",
    "reporter",
    "other_staff",
    "other_staff_granted",
    "other_staff_expired",
    "auditor",
    "sysadmin",
)


@dataclass
class World:
    """What every case runs against; subject modules add their records to `extra`."""

    users: dict
    resident: object
    slip: object
    signed_slip: object
    pending_grant: object
    approved_grant: object
    extra: dict = field(default_factory=dict)


# What each URL is asked, and the status each role gets. "login" = redirect to the login page.
OK, FOUND, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"


def _statuses(default, **overrides):
    result = {role: default for role in ROLES}
    result["anonymous"] = LOGIN
    result.update(overrides)
    return result


RESIDENT_HIDDEN = dict(
    reporter=HIDDEN, other_staff=HIDDEN, other_staff_expired=HIDDEN, auditor=HIDDEN,
    sysadmin=HIDDEN,
)


@dataclass(frozen=True)
class Case:
    method: str
    url: callable
    statuses: dict
    data: callable = lambda w: {}


