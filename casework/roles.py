"""Casework permissions of each role (added to the groups by casework's own migrations)."""

from __future__ import annotations

from residents import roles

# The request engine (Issue 5): the front desk opens, checks and handles cases;
# reviewing and approving belong to managers.
_CASE_FRONT_DESK = [
    "casework.add_case",
    "casework.view_case",
    "casework.change_case",
    "casework.verify_case",
    "casework.handle_case",
]
_CASE_MANAGER = [*_CASE_FRONT_DESK, "casework.approve_case", "casework.review_case"]

# Supervision (SUP-1, SUP-5, SUP-6): managers inspect, keep the checklist and record
# accountability; the supervision group reads inspections; auditors read both.
_SUPERVISION_MANAGER = [
    "casework.add_inspection",
    "casework.view_inspection",
    "casework.add_checklistitem",
    "casework.change_checklistitem",
    "casework.view_checklistitem",
    "casework.add_accountabilityrecord",
    "casework.view_accountabilityrecord",
]

# Whistle-blowing (SUP-7) reaches the supervision group and auditors only, never front desk or
# managers: a report may be about them.
_WHISTLEBLOWING = [
    "casework.add_whistleblowingreport",
    "casework.view_whistleblowingreport",
    "casework.handle_whistleblowingreport",
]

# Rectification (SUP-5, SAF-2): managers issue, check and close; the front desk, who may be
# responsible for one, reads them. Safety and environment records (SAF-1, SAF-2): managers and
# other staff (community workers on patrol, sanitation, greening) write them.
_RECTIFICATION_MANAGER = [
    "casework.add_rectification",
    "casework.view_rectification",
    "casework.check_rectification",
]
_SAFETY_WRITE = [
    "casework.add_safetyrecord",
    "casework.view_safetyrecord",
    "casework.view_garbageschedule",
]
_SAFETY_MANAGER = [*_SAFETY_WRITE, "casework.add_garbageschedule",
                   "casework.change_garbageschedule"]
# Assessment (SUP-3, SUP-6), the annual evaluation (SUP-2) and the policies page (PUB-1): managers
# keep the standards, attribute complaints, write the proposals and keep the policies; the
# supervision group reads the assessment and the annual report; staff read their own line.
_ASSESSMENT_READ = [
    "casework.view_assessment",
    "casework.view_own_assessment",
    "casework.view_assessmentstandard",
    "casework.view_annualproposal",
]
_ASSESSMENT_MANAGER = [
    *_ASSESSMENT_READ,
    "casework.change_assessmentstandard",
    "casework.add_complaintattribution",
    "casework.view_complaintattribution",
    "casework.change_annualproposal",
    "casework.add_policy",
    "casework.change_policy",
    "casework.view_policy",
]
# Appointments at the windows: the front desk books and updates them; managers too.
_APPOINTMENTS = [
    "casework.add_appointment", "casework.change_appointment", "casework.view_appointment",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.FRONT_DESK: [
        "casework.view_calendarday", "casework.view_affairitem", *_CASE_FRONT_DESK,
        "casework.view_rectification", "casework.view_safetyrecord",
        "casework.view_own_assessment",
        *_APPOINTMENTS,
    ],
    roles.OTHER_STAFF: [*_SAFETY_WRITE],
    roles.MANAGER: [
        *_CASE_MANAGER,
        *_APPOINTMENTS,
        "casework.publish_case",
        "casework.view_affairitem",
        "casework.add_affairitem",
        "casework.change_affairitem",
        "casework.view_calendarday",
        "casework.add_calendarday",
        "casework.change_calendarday",
        "casework.delete_calendarday",
        # Windows and duties (AFF-7) and the people of the review chain (AFF-3).
        "casework.assign_case",
        "casework.view_department",
        "casework.add_department",
        "casework.change_department",
        "casework.view_servicewindow",
        "casework.add_servicewindow",
        "casework.change_servicewindow",
        "casework.view_reviewduty",
        "casework.add_reviewduty",
        "casework.delete_reviewduty",
        *_SUPERVISION_MANAGER,
        *_RECTIFICATION_MANAGER,
        *_SAFETY_MANAGER,
        "casework.view_surveyresponse",
        "casework.view_surveyquestion",
        "casework.add_surveyquestion",
        "casework.change_surveyquestion",
        *_ASSESSMENT_MANAGER,
    ],
    # The supervision group reads the survey summary (figures, no free texts).
    roles.SUPERVISOR: [
        "casework.view_inspection", "casework.view_surveyresponse", *_WHISTLEBLOWING,
        *_ASSESSMENT_READ,
    ],
    roles.AUDITOR: [
        "casework.view_inspection", "casework.view_accountabilityrecord", *_WHISTLEBLOWING,
    ],
}
