"""Reporter data, one module per subject; everything is importable from `reporters.models`."""

from reporters.models.assessment import (
    Assessment,
    Grade,
    PeerScore,
    Penalty,
    PenaltyGround,
    PenaltyKind,
    Reward,
    RewardKind,
)
from reporters.models.devices import CheckResult, DeviceCheck, DeviceKind
from reporters.models.disclosure import DisclosureRequest, DisclosureStatus
from reporters.models.emergencies import EmergencyCall, EmergencyKind
from reporters.models.handling import ReportCase
from reporters.models.meetings import MeetingSuggestion, WorkMeeting
from reporters.models.profiles import ReporterProfile, ReporterStatus, WorkGroup
from reporters.models.reports import (
    CollectionMethod,
    EventKind,
    Report,
    ReportAttachment,
    ReportCategory,
    ReportEvaluation,
    ReportResident,
    ReportReview,
    ReportSequence,
    ReportStatus,
    ReportSubmission,
    WeeklyMailing,
)
from reporters.models.tasks import ReporterTask, TaskAnswer
from reporters.models.training import (
    LecturerKind,
    TrainingAttendance,
    TrainingSession,
    TrainingTopic,
)

__all__ = [
    "Assessment",
    "CheckResult",
    "CollectionMethod",
    "DeviceCheck",
    "DeviceKind",
    "DisclosureRequest",
    "DisclosureStatus",
    "EmergencyCall",
    "EmergencyKind",
    "EventKind",
    "Grade",
    "LecturerKind",
    "MeetingSuggestion",
    "PeerScore",
    "Penalty",
    "PenaltyGround",
    "PenaltyKind",
    "Report",
    "ReportAttachment",
    "ReportCase",
    "ReportCategory",
    "ReportEvaluation",
    "ReportResident",
    "ReportReview",
    "ReportSequence",
    "ReportStatus",
    "ReportSubmission",
    "ReporterProfile",
    "ReporterStatus",
    "ReporterTask",
    "Reward",
    "RewardKind",
    "TaskAnswer",
    "TrainingAttendance",
    "TrainingSession",
    "TrainingTopic",
    "WeeklyMailing",
    "WorkGroup",
    "WorkMeeting",
]
