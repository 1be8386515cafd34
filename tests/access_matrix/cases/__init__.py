"""Access matrix cases, one module per subject; tests/access_matrix/test_matrix.py runs them all.

A module may also name AUDITED_READS (URL name → the read event the front desk's request
records on the world's resident) and FULL_BY_DESIGN (pages that print a resident's own data
in full on purpose, audited for it; the leak check skips them).
"""

from tests.access_matrix.cases import (
    activities,
    archives,
    batch_prints,
    casework_affair,
    casework_appointments,
    casework_assessment,
    casework_calendar,
    casework_cases,
    casework_change,
    casework_complaint,
    casework_duties,
    casework_query,
    casework_rectification,
    casework_supervision,
    casework_surveys,
    casework_whistleblowing,
    dashboards,
    households,
    imports,
    registers,
    registration,
    reporters,
    selfreports,
    tracking,
)

RESIDENT_SUBJECTS = (
    households, registers, tracking, activities, batch_prints, imports, selfreports,
    dashboards, registration,
)
CASEWORK_SUBJECTS = (
    casework_calendar,
    casework_cases,
    casework_change,
    casework_query,
    casework_affair,
    casework_complaint,
    casework_supervision,
    casework_surveys,
    casework_whistleblowing,
    casework_duties,
    casework_rectification,
    casework_assessment,
    casework_appointments,
)
REPORTER_SUBJECTS = (reporters,)
ARCHIVE_SUBJECTS = (archives,)
SUBJECT_MODULES = (
    RESIDENT_SUBJECTS + CASEWORK_SUBJECTS + REPORTER_SUBJECTS + ARCHIVE_SUBJECTS
)


FAMILIES = {
    "resident_subjects": RESIDENT_SUBJECTS,
    "casework_subjects": CASEWORK_SUBJECTS,
    "reporter_subjects": REPORTER_SUBJECTS,
    "archive_subjects": ARCHIVE_SUBJECTS,
    "core": SUBJECT_MODULES,
}


def family_for(name: str | None) -> str:
    """The family of URL `name`: its subject family's (their pages show one another's
    records), or "core" for the core pages (the resident page's timeline and lists show every
    subject). The cases of one family share one world."""
    for family, modules in FAMILIES.items():
        if family != "core" and any(name in module.CASES for module in modules):
            return family
    return "core"

