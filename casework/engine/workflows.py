"""The workflow of each kind of case, as data: one engine (`casework.engine.services`) runs all.

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
CHECK_RECTIFICATION = "casework.check_rectification"


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
    # The step is open only when the named boolean field of the case is true (only_if) or
    # false (unless): e.g. a second review only for items that need one.
    only_if: str = ""
    unless: str = ""
    # Taken through the kind's own service and page (it needs more than a reason, or does
    # more than change the status); the generic step form refuses it.
    special: bool = False
    # The time limit runs afresh from this step (full acceptance, the resident's confirmation).
    restarts_clock: bool = False
    # A review or approval step, held to four eyes (ACC-8): its actor may be neither who
    # opened the case (or entered what it asks for) nor who took the review step the case
    # now stands on. Only the steps that pass an item on towards taking effect are review
    # steps: verify, initial and second review, approve. Not: the steps that state the request
    # (open, the resident's confirmation); re-basing, which only takes the record as it is now
    # as the baseline and sends the request back to verification; the handler's own work
    # carrying out a decision (materials, handle, feedback, close, printing, notes); the
    # query's identity check (the clerk serving the resident at the window; a query changes
    # nothing); and rejecting or withdrawing, which stop an item and let nothing through.
    review: bool = False
    # The review duty the actor must hold (casework.duties.rules), for affairs whose item
    # names a business department: initial review, second review, final approval.
    duty: str = ""
    # A step off the usual way on (asking for materials, re-basing, reopening, escalating):
    # the case page's "what happens next" names the usual way, not these.
    detour: bool = False

    def applies_to(self, case) -> bool:
        if self.only_if and not getattr(case, self.only_if):
            return False
        return not (self.unless and getattr(case, self.unless))


OPEN_ACTION = "open"
RECEIVE_MATERIAL_ACTION = "receive_material"
# The steps that state what a case asks for: whoever took one may not review the case. A
# change notice is opened by the staff who noticed, and its values entered at confirmation.
OPENING_ACTIONS: frozenset[str] = frozenset({OPEN_ACTION, "confirm"})
# A manager hands the case to another handler (AFF-7); the status stays.
REASSIGN_ACTION = "reassign"

# Time nodes (AFF-8): the catalogue item's field holding the limit of the review step an
# affair waits for in each status (the second review only when the case needs one).
STEP_LIMIT_FIELDS: dict[str, str] = {
    "accepted": "initial_review_days",
    "second_reviewed": "approval_days",
}


def step_limit_field(case) -> str:
    if case.status == "initial_reviewed":
        return "second_review_days" if case.needs_second_review else "approval_days"
    return STEP_LIMIT_FIELDS.get(case.status, "")

STATUS_LABELS: dict[str, str | Promise] = {
    "noticed": _("Notice sent, awaiting the resident"),
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
    "issued": _("Issued, awaiting rectification"),
    "rectifying": _("Being rectified"),
    "checked": _("Rectification checked"),
    "closed": _("Closed"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
}

# A case in one of these statuses is finished: closed_at is set on entering one.
CLOSED_STATUSES: frozenset[str] = frozenset({"closed", "rejected", "withdrawn"})
# A case in one of these statuses waits for the applicant: its deadline does not run, so it is
# neither overdue nor due soon.
WAITING_STATUSES: frozenset[str] = frozenset({"noticed", "awaiting_materials"})

# Where a case of each kind may start; the first is the usual one.
ENTRY_STATUSES: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.CHANGE: ("opened", "noticed"),
    CaseKind.QUERY: ("opened",),
    CaseKind.AFFAIR: ("accepted", "awaiting_materials"),
    CaseKind.COMPLAINT: ("registered",),
    CaseKind.RECTIFICATION: ("issued",),
}
# Kinds of case about the centre's own work, not about a resident or an applicant.
KINDS_WITHOUT_APPLICANT: frozenset[CaseKind] = frozenset({CaseKind.RECTIFICATION})
INITIAL_STATUS: dict[CaseKind, str] = {kind: entry[0] for kind, entry in ENTRY_STATUSES.items()}

T = Transition

WORKFLOWS: dict[CaseKind, tuple[Transition, ...]] = {
    CaseKind.CHANGE: (
        # A change notice (UPD-5) becomes a request when the resident confirms at the window,
        # with the fields and values they confirm.
        T("confirm", ("noticed",), "opened", CHANGE, label=_("Resident confirmed"),
          special=True, restarts_clock=True),
        T("verify", ("opened",), "verified", VERIFY, label=_("Verify"), requires_materials=True,
          review=True),
        # Approval applies the change to the record (conflict-checked); managers approve
        # changes of comprehensive information.
        T("approve", ("verified",), "approved", HANDLE, label=_("Approve and apply"),
          special=True, review=True),
        # After a conflict the reviewer takes the record as it is now as the new baseline;
        # the request goes back to verification.
        T("rebase", ("verified",), "opened", VERIFY, needs_reason=True,
          label=_("Re-base on the current record"), special=True, detour=True),
        # Closed when the signed update confirmation slip is recorded.
        T("close", ("approved",), "closed", HANDLE, label=_("Close"), special=True),
        T("reject", ("opened",), "rejected", VERIFY, needs_reason=True, label=_("Reject")),
        T("reject", ("verified",), "rejected", APPROVE, needs_reason=True, label=_("Reject")),
        T("withdraw", ("noticed", "opened"), "withdrawn", CHANGE, needs_reason=True,
          label=_("Withdraw")),
    ),
    CaseKind.QUERY: (
        T("check_identity", ("opened",), "identity_checked", VERIFY, label=_("Check identity"),
          special=True),
        # Answered by printing the query result slip.
        T("answer", ("identity_checked",), "answered", HANDLE, label=_("Answer"), special=True),
        T("close", ("answered",), "closed", HANDLE, label=_("Close")),
        T("reject", ("opened", "identity_checked"), "rejected", VERIFY, needs_reason=True,
          label=_("Reject")),
    ),
    CaseKind.AFFAIR: (
        T("request_materials", ("accepted",), "awaiting_materials", HANDLE,
          label=_("Request materials"), detour=True),
        T("materials_complete", ("awaiting_materials",), "accepted", HANDLE,
          label=_("Materials complete"), requires_materials=True, special=True,
          restarts_clock=True),
        # The initial review is a written opinion of the business department (AFF-3).
        T("initial_review", ("accepted",), "initial_reviewed", REVIEW,
          label=_("Initial review"), requires_materials=True, review=True,
          needs_reason=True, duty="initial_review"),
        # A second review needs a third person: neither the opener nor the initial reviewer.
        T("second_review", ("initial_reviewed",), "second_reviewed", REVIEW,
          label=_("Second review"), only_if="needs_second_review", review=True,
          duty="second_review"),
        T("approve", ("initial_reviewed",), "approved", APPROVE, label=_("Approve"),
          unless="needs_second_review", review=True, duty="final_approval"),
        T("approve", ("second_reviewed",), "approved", APPROVE, label=_("Approve"),
          review=True, duty="final_approval"),
        T("handle", ("approved",), "handled", HANDLE, label=_("Handle")),
        T("give_feedback", ("handled",), "feedback_given", HANDLE, label=_("Give feedback"),
          special=True),
        T("close", ("feedback_given",), "closed", HANDLE, label=_("Close")),
        T("reject", ("accepted", "awaiting_materials"), "rejected", HANDLE, needs_reason=True,
          label=_("Reject")),
        T("reject", ("initial_reviewed", "second_reviewed"), "rejected", REVIEW,
          needs_reason=True, label=_("Reject")),
    ),
    CaseKind.COMPLAINT: (
        T("investigate", ("registered",), "investigating", HANDLE, label=_("Investigate")),
        # Escalation keeps the status and records the department with its reason.
        T("escalate", ("investigating",), "investigating", HANDLE, needs_reason=True,
          label=_("Escalate to a department"), special=True, detour=True),
        T("handle", ("investigating",), "handled", HANDLE, label=_("Handle")),
        T("give_feedback", ("handled",), "feedback_given", HANDLE, label=_("Give feedback"),
          special=True),
        # The return visit decides: satisfied closes, not satisfied handles again (CMP-2).
        T("close", ("feedback_given",), "closed", HANDLE, label=_("Close after return visit"),
          special=True),
        T("reopen", ("feedback_given",), "investigating", HANDLE, needs_reason=True,
          label=_("Reopen (not satisfied)"), special=True, detour=True),
    ),
    # Rectification (SUP-5, SAF-2): the responsible person (the case's handler) starts it; the
    # check is held to four eyes — neither the responsible person nor who issued it.
    CaseKind.RECTIFICATION: (
        T("start", ("issued",), "rectifying", HANDLE, label=_("Start rectifying"),
          special=True),
        T("check", ("rectifying",), "checked", CHECK_RECTIFICATION, needs_reason=True,
          label=_("Check the rectification"), review=True),
        T("close", ("checked",), "closed", CHECK_RECTIFICATION, label=_("Close")),
        T("withdraw", ("issued", "rectifying"), "withdrawn", CHECK_RECTIFICATION,
          needs_reason=True, label=_("Withdraw")),
    ),
}

del T


def transition_for(case, action: str) -> Transition | None:
    """The transition `action` leads along from the case's status, if any."""
    for transition in WORKFLOWS[CaseKind(case.kind)]:
        if (
            transition.action == action
            and case.status in transition.source
            and transition.applies_to(case)
        ):
            return transition
    return None


def step_transition(kind: str, action: str, from_status: str) -> Transition | None:
    """The transition a recorded step took (None for the opening and for notes)."""
    for transition in WORKFLOWS[CaseKind(kind)]:
        if transition.action == action and from_status in transition.source:
            return transition
    return None


def transitions_from(case) -> list[Transition]:
    """The transitions open to the case now (the buttons of its page)."""
    return [
        t for t in WORKFLOWS[CaseKind(case.kind)]
        if case.status in t.source and t.applies_to(case)
    ]


def may_take(user, case, action: str) -> bool:
    """Is the step open to the case now, and does the user hold its permission? (For buttons;
    the services check it again under the row lock.)"""
    transition = transition_for(case, action)
    return transition is not None and user.has_perm(transition.permission)


def action_label(kind: str, action: str) -> str | Promise:
    for transition in WORKFLOWS[CaseKind(kind)]:
        if transition.action == action:
            return transition.label
    return action


def statuses_by_kind() -> dict[str, list[str]]:
    """The statuses each kind of case passes through, in the order its workflow reaches them."""
    result: dict[str, list[str]] = {}
    for kind, transitions in WORKFLOWS.items():
        seen = list(ENTRY_STATUSES.get(kind, ()))
        for transition in transitions:
            for status in (*transition.source, transition.target):
                if status not in seen:
                    seen.append(status)
        result[str(kind)] = seen
    return result
def any_action_label(action: str) -> str | Promise:
    """An action's label whatever the kind (the audit trail names a step without its case)."""
    for transitions in WORKFLOWS.values():
        for transition in transitions:
            if transition.action == action:
                return transition.label
    return action


def status_label(status: str) -> str | Promise:
    return STATUS_LABELS.get(status, status)
