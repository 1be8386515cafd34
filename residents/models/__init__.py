"""Resident data, one module per subject; everything is importable from `residents.models`."""

from residents.models.access_grants import (
    AccessGrant,
    GrantScope,
    GrantStatus,
    ResidentUserObjectPermission,
)
from residents.models.accounts import (
    AccountChange,
    AccountChangeKind,
    AccountChangeStatus,
    PasswordHistory,
)
from residents.models.activities import (
    Activity,
    ActivityKind,
    Participation,
    ServiceKind,
    ServiceOutcome,
    ServiceRecord,
    VolunteerMembership,
    VolunteerTeam,
)
from residents.models.backups import BackupVerification
from residents.models.batch_prints import BatchPrint, BatchPrintStatus
from residents.models.documents import Document, DocumentKind
from residents.models.exports import ExportFile, ExportStatus
from residents.models.households import Household, HouseholdMembership, Relationship
from residents.models.jobs import Job, JobFailure, JobRetry, JobStatus
from residents.models.notifications import Notification
from residents.models.people import (
    ArchiveSequence,
    Channel,
    EducationLevel,
    Gender,
    HukouType,
    IdentityDocument,
    RegistrationStatus,
    ResidenceType,
    Resident,
    Slip,
    SlipKind,
    SocialContact,
)
from residents.models.registers import (
    DisabilityCategory,
    DisabilityLevel,
    HardshipEntry,
    HardshipKind,
    HelpLedgerEntry,
    KeyPersonCategory,
    KeyPersonEntry,
    KeyPersonVisit,
)
from residents.models.submissions import SubmissionCount
from residents.models.tracking import (
    ContactKind,
    ContactRecord,
    Emergency,
    EmergencyFollowUp,
    EmergencyKind,
    Recheck,
    StatusAspect,
    StatusChange,
)

__all__ = [
    "AccessGrant",
    "AccountChange",
    "AccountChangeKind",
    "AccountChangeStatus",
    "Activity",
    "ActivityKind",
    "ArchiveSequence",
    "BackupVerification",
    "BatchPrint",
    "BatchPrintStatus",
    "Channel",
    "ContactKind",
    "ContactRecord",
    "DisabilityCategory",
    "DisabilityLevel",
    "Document",
    "DocumentKind",
    "EducationLevel",
    "Emergency",
    "EmergencyFollowUp",
    "EmergencyKind",
    "ExportFile",
    "ExportStatus",
    "Gender",
    "GrantScope",
    "GrantStatus",
    "HardshipEntry",
    "HardshipKind",
    "HelpLedgerEntry",
    "Household",
    "HouseholdMembership",
    "HukouType",
    "IdentityDocument",
    "Job",
    "JobFailure",
    "JobRetry",
    "JobStatus",
    "KeyPersonCategory",
    "KeyPersonEntry",
    "KeyPersonVisit",
    "Notification",
    "Participation",
    "PasswordHistory",
    "Recheck",
    "RegistrationStatus",
    "Relationship",
    "ResidenceType",
    "Resident",
    "ResidentUserObjectPermission",
    "ServiceKind",
    "ServiceOutcome",
    "ServiceRecord",
    "Slip",
    "SlipKind",
    "SocialContact",
    "StatusAspect",
    "StatusChange",
    "SubmissionCount",
    "VolunteerMembership",
    "VolunteerTeam",
]
