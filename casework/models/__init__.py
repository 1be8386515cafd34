"""Casework data, one module per subject; everything is importable from `casework.models`."""

from casework.models.calendar import CalendarDay
from casework.models.cases import (
    Case,
    CaseChannel,
    CaseKind,
    CaseMaterial,
    CaseSequence,
    CaseStep,
    FeedbackChannel,
)
from casework.models.catalogue import AffairItem
from casework.models.changes import ChangeDeclaration, ChangeItem
from casework.models.slips import CaseSlip, CaseSlipKind
from casework.models.visits import NOT_SATISFIED_AT_MOST, ReturnVisit, Satisfaction

__all__ = [
    "NOT_SATISFIED_AT_MOST",
    "AffairItem",
    "CalendarDay",
    "Case",
    "CaseChannel",
    "CaseKind",
    "CaseMaterial",
    "CaseSequence",
    "CaseSlip",
    "CaseSlipKind",
    "CaseStep",
    "ChangeDeclaration",
    "ChangeItem",
    "FeedbackChannel",
    "ReturnVisit",
    "Satisfaction",
]
