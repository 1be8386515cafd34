"""Casework data, one module per subject; everything is importable from `casework.models`."""

from casework.models.appointments import Appointment, AppointmentStatus
from casework.models.assessment import (
    AnnualProposal,
    AssessmentStandard,
    ComplaintAttribution,
    Grade,
)
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
from casework.models.catalogue import AffairItem, Eligibility
from casework.models.changes import ChangeDeclaration, ChangeItem
from casework.models.duties import Department, ReviewDuty, ReviewDutyKind, ServiceWindow
from casework.models.policies import Policy
from casework.models.rectification import Rectification
from casework.models.safety import (
    GarbageSchedule,
    PhotoStage,
    SafetyKind,
    SafetyPhoto,
    SafetyRecord,
)
from casework.models.slips import CaseSlip, CaseSlipKind
from casework.models.supervision import (
    AccountabilityLevel,
    AccountabilityMeasure,
    AccountabilityRecord,
    ChecklistItem,
    FindingResult,
    Inspection,
    InspectionFinding,
    InspectionKind,
)
from casework.models.surveys import QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse
from casework.models.visits import NOT_SATISFIED_AT_MOST, ReturnVisit, Satisfaction
from casework.models.whistleblowing import (
    WhistleblowingChannel,
    WhistleblowingReport,
    WhistleblowingSequence,
    WhistleblowingStatus,
    WhistleblowingStep,
)

__all__ = [
    "NOT_SATISFIED_AT_MOST",
    "AccountabilityLevel",
    "AccountabilityMeasure",
    "AccountabilityRecord",
    "Appointment",
    "AppointmentStatus",
    "AffairItem",
    "AnnualProposal",
    "AssessmentStandard",
    "ComplaintAttribution",
    "Grade",
    "Policy",
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
    "ChecklistItem",
    "Department",
    "Eligibility",
    "FeedbackChannel",
    "FindingResult",
    "Inspection",
    "InspectionFinding",
    "InspectionKind",
    "GarbageSchedule",
    "PhotoStage",
    "QuestionKind",
    "Rectification",
    "SafetyKind",
    "SafetyPhoto",
    "SafetyRecord",
    "ReturnVisit",
    "ReviewDuty",
    "ReviewDutyKind",
    "Satisfaction",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "WhistleblowingChannel",
    "WhistleblowingReport",
    "WhistleblowingSequence",
    "WhistleblowingStatus",
    "WhistleblowingStep",
    "ServiceWindow",
]
