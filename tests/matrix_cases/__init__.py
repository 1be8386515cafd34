"""Access matrix cases, one module per subject; tests/test_access_matrix.py runs them all.

A module may also name AUDITED_READS (URL name → the read event the front desk's request
records on the world's resident) and FULL_BY_DESIGN (pages that print a resident's own data
in full on purpose, audited for it; the leak check skips them).
"""

from tests.matrix_cases import (
    activities,
    casework_affair,
    casework_calendar,
    casework_cases,
    casework_change,
    casework_complaint,
    casework_query,
    households,
    registers,
    tracking,
)

SUBJECT_MODULES = (
    households,
    registers,
    tracking,
    activities,
    casework_calendar,
    casework_cases,
    casework_change,
    casework_query,
    casework_affair,
    casework_complaint,
)
