"""Reporter data, one module per subject; everything is importable from `reporters.models`."""

from reporters.models.emergencies import EmergencyCall, EmergencyKind
from reporters.models.handling import ReportCase
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

__all__ = [
    "CollectionMethod",
    "EmergencyCall",
    "EmergencyKind",
    "EventKind",
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
    "WeeklyMailing",
    "WorkGroup",
]
