"""Appointments as staff see them: those of one day, in time order."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from casework.models import Appointment


def appointments_on(user, day: datetime.date) -> QuerySet[Appointment]:
    if not user.has_perm("casework.view_appointment"):
        return Appointment.objects.none()
    return Appointment.objects.filter(day=day).select_related("resident", "window", "created_by")
