"""What happens next to a case and who does it, read from the workflow tables of
`casework.engine.workflows` — one place for every kind of case, so that a new kind of case
says its next step without a template of its own.

The usual way on is each open transition that neither stops the case (reject, withdraw) nor
is a detour (asking for materials, re-basing, reopening, escalating). Kinds may add steps the
state machine does not hold (a complaint's publication) with `extra_next_steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.duties.rules import INITIAL_REVIEW, chain_applies
from casework.engine.workflows import (
    CLOSED_STATUSES,
    Transition,
    transitions_from,
)
from casework.models import Case, ReviewDutyKind
from casework.roles import ROLE_PERMISSIONS
from residents import roles

# Who the page names for a step: the first of these roles whose permissions cover it.
_ACTOR_ROLES: tuple[tuple[str, str | Promise], ...] = (
    (roles.FRONT_DESK, gettext_lazy("the window staff")),
    (roles.MANAGER, gettext_lazy("a manager")),
    (roles.SUPERVISOR, gettext_lazy("the supervision group")),
)
# A case in one of these statuses waits for the applicant before staff take the next step.
_WAITING_FOR: dict[str, str | Promise] = {
    "noticed": gettext_lazy("the resident to come to the window and confirm the new values"),
    "awaiting_materials": gettext_lazy("the applicant to bring the missing materials"),
}
_STOPPING = frozenset({"rejected", "withdrawn"})


@dataclass(frozen=True)
class NextStep:
    action: str
    text: str
    # The permission the step needs, so the page can say whether the viewer may take it.
    permission: str


ExtraSteps = Callable[[Case], list[NextStep]]
_EXTRAS: dict[str, list[ExtraSteps]] = {}


def extra_next_steps(kind: str, function: ExtraSteps) -> None:
    """Register steps of `kind` outside the state machine (filled in AppConfig.ready())."""
    functions = _EXTRAS.setdefault(str(kind), [])
    if function not in functions:
        functions.append(function)


def role_for(permission: str) -> str | Promise:
    for role, label in _ACTOR_ROLES:
        if permission in ROLE_PERMISSIONS.get(role, ()):
            return label
    return gettext_lazy("staff authorised for this step")


def _who(case: Case, transition: Transition) -> str:
    if transition.duty and chain_applies(case):
        if transition.duty == INITIAL_REVIEW:
            return _("the business department “%(department)s”") % {
                "department": case.affair_item.department.name
            }
        return _("the staff holding the duty “%(duty)s”") % {
            "duty": ReviewDutyKind(transition.duty).label
        }
    return str(role_for(transition.permission))


def step_text(*, who: str, step: str | Promise) -> str:
    return _("Waiting for %(who)s: %(step)s") % {"who": who, "step": step}


def next_steps(case: Case) -> list[NextStep]:
    """The usual next steps of the case now, each saying what it is and who takes it."""
    steps = [
        NextStep(
            action=t.action,
            text=step_text(who=_who(case, t), step=t.label),
            permission=t.permission,
        )
        for t in transitions_from(case)
        if t.target not in _STOPPING and not t.detour
    ]
    for function in _EXTRAS.get(case.kind, ()):
        steps.extend(function(case))
    return steps


def next_step_lines(case: Case, user=None) -> list[dict]:
    """What the case page says under its status: whom the case waits for, or that it is over;
    with `user`, whether each step is one the user's permissions cover."""
    if case.status in _WAITING_FOR:
        return [{"text": _("Waiting for %(who)s.") % {"who": _WAITING_FOR[case.status]},
                 "yours": False}]
    steps = next_steps(case)
    if not steps:
        text = (_("Finished: no further steps.") if case.status in CLOSED_STATUSES
                else _("No step is open in this status."))
        return [{"text": text, "yours": False}]
    return [
        {"text": step.text, "yours": bool(user and user.has_perm(step.permission))}
        for step in steps
    ]
