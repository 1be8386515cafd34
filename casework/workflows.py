"""The workflow of each kind of case, as data: one engine (`casework.services`) runs them all.

A transition names the action, the statuses it may start from, the status it leads to, the
model permission the actor needs, and whether a reason must be given. Adding a kind of case
means adding a table here, not writing another workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casework.models import CaseKind

VERIFY = "casework.verify_case"
APPROVE = "casework.approve_case"
REVIEW = "casework.review_case"
HANDLE = "casework.handle_case"
CHANGE = "casework.change_case"


@dataclass(frozen=True)
class Transition:
    action: str
    source: tuple[str, ...]
    target: str
    permission: str
    needs_reason: bool = False
    label: str | Promise = ""
    # The required materials of the checklist must all be received before this step.
    requires_materials: bool = False


OPEN_ACTION = "open"
RECEIVE_MATERIAL_ACTION = "receive_material"

STATUS_LABELS: dict[str, str | Promise] = {
    "opened": _("Opened"),
    "verified": _("Verified"),
    "approved": _("Approved"),
    "identity_checked": _("Identity checked"),
    "answered": _("Answered"),
    "accepted": _("Accepted"),
    "awaiting_materials": _("Awaiting materials"),
    "initial_reviewed": _("Initial review passed"),
    "second_reviewed": _("Second review passed"),
    "handled": _("Handled"),
    "feedback_given": _("Feedback given"),
    "registered": _("Registered"),
    "investigating": _("Under investigation"),
    "closed": _("Closed"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
}

# A case in one of these statuses is finished: closed_at is set on entering one.
CLOSED_STATUSES: frozenset[str] = frozenset({"closed", "rejected", "withdrawn"})

INITIAL_STATUS: dict[CaseKind, str] = {
    CaseKind.CHANGE: "opened",
    CaseKind.QUERY: "opened",
    CaseKind.AFFAIR: "accepted",
    CaseKind.COMPLAINT: "registered",
}

T = Transition

WORKFLOWS: dict[CaseKind, tuple[Transition, ...]] = {
    CaseKind.CHANGE: (
        T("verify", ("opened",), "verified", VERIFY, label=_("Verify"), requires_materials=True),
        T("approve", ("verified",), "approved", APPROVE, label=_("Approve")),
        T("close", ("approved",), "closed", HANDLE, label=_("Close")),
        T("reject", ("opened",), "rejected", VERIFY, needs_reason=True, label=_("Reject")),
        T("reject", ("verified",), "rejected", APPROVE, needs_reason=True, label=_("Reject")),
        T("withdraw", ("opened",), "withdrawn", CHANGE, label=_("Withdraw")),
    ),
    CaseKind.QUERY: (
        T("check_identity", ("opened",), "identity_checked", VERIFY, label=_("Check identity")),
        T("answer", ("identity_checked",), "answered", HANDLE, label=_("Answer")),
        T("close", ("answered",), "closed", HANDLE, label=_("Close")),
        T("reject", ("opened", "identity_checked"), "rejected", VERIFY, needs_reason=True,
          label=_("Reject")),
    ),
    CaseKind.AFFAIR: (
        T("request_materials", ("accepted",), "awaiting_materials", HANDLE,
          label=_("Request materials")),
        T("materials_complete", ("awaiting_materials",), "accepted", HANDLE,
          label=_("Materials complete"), requires_materials=True),
        T("initial_review", ("accepted",), "initial_reviewed", REVIEW,
          label=_("Initial review"), requires_materials=True),
        T("second_review", ("initial_reviewed",), "second_reviewed", REVIEW,
          label=_("Second review")),
        # Items without a second review are approved straight after the initial review;
        # the kind-specific service decides which path an item takes.
        T("approve", ("initial_reviewed", "second_reviewed"), "approved", APPROVE,
          label=_("Approve")),
        T("handle", ("approved",), "handled", HANDLE, label=_("Handle")),
        T("give_feedback", ("handled",), "feedback_given", HANDLE, label=_("Give feedback")),
        T("close", ("feedback_given",), "closed", HANDLE, label=_("Close")),
        T("reject", ("accepted", "awaiting_materials"), "rejected", HANDLE, needs_reason=True,
          label=_("Reject")),
        T("reject", ("initial_reviewed", "second_reviewed"), "rejected", REVIEW,
          needs_reason=True, label=_("Reject")),
    ),
    CaseKind.COMPLAINT: (
        T("investigate", ("registered",), "investigating", HANDLE, label=_("Investigate")),
        # Escalation keeps the status and records the step with its reason.
        T("escalate", ("investigating",), "investigating", HANDLE, needs_reason=True,
          label=_("Escalate")),
        T("handle", ("investigating",), "handled", HANDLE, label=_("Handle")),
        T("give_feedback", ("handled",), "feedback_given", HANDLE, label=_("Give feedback")),
        # Closed after the return visit; an unsatisfied applicant reopens it.
        T("close", ("feedback_given",), "closed", HANDLE, label=_("Close after return visit")),
        T("reopen", ("closed",), "investigating", HANDLE, needs_reason=True,
          label=_("Reopen (not satisfied)")),
    ),
}

del T


def transition_for(kind: str, status: str, action: str) -> Transition | None:
    """The transition `action` leads from `status` in the workflow of `kind`, if any."""
    for transition in WORKFLOWS[CaseKind(kind)]:
        if transition.action == action and status in transition.source:
            return transition
    return None


def transitions_from(kind: str, status: str) -> list[Transition]:
    """The transitions open to a case of `kind` in `status` (for buttons, later)."""
    return [t for t in WORKFLOWS[CaseKind(kind)] if status in t.source]


def action_label(kind: str, action: str) -> str | Promise:
    for transition in WORKFLOWS[CaseKind(kind)]:
        if transition.action == action:
            return transition.label
    return action


def status_label(status: str) -> str | Promise:
    return STATUS_LABELS.get(status, status)
