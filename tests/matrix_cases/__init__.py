"""Access matrix cases, one module per subject; tests/test_access_matrix.py runs them all."""

from tests.matrix_cases import activities, casework_calendar, households, registers, tracking

SUBJECT_MODULES = (households, registers, tracking, activities, casework_calendar)
