"""Casework data, one module per subject; everything is importable from `casework.models`."""

from casework.models.calendar import CalendarDay
from casework.models.cases import Case, CaseKind, CaseMaterial, CaseSequence, CaseStep

__all__ = ["CalendarDay", "Case", "CaseKind", "CaseMaterial", "CaseSequence", "CaseStep"]
