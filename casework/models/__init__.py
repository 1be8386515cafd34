"""Casework data, one module per subject; everything is importable from `casework.models`."""

from casework.models.calendar import CalendarDay

__all__ = ["CalendarDay"]
