"""Booking appointments at the windows and recording how they went."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Appointment, AppointmentStatus, ServiceWindow
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import Resident

ADD = "casework.add_appointment"
CHANGE = "casework.change_appointment"
# Which status may follow which: a booking is kept, missed or cancelled; a mistake in
# "came" or "did not come" can be put right the same day.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    AppointmentStatus.BOOKED: (
        AppointmentStatus.CAME, AppointmentStatus.MISSED, AppointmentStatus.CANCELLED,
    ),
    AppointmentStatus.CAME: (AppointmentStatus.MISSED,),
    AppointmentStatus.MISSED: (AppointmentStatus.CAME,),
    AppointmentStatus.CANCELLED: (),
}


def appointment_book(
    *, actor, day: datetime.date, time: datetime.time, window: ServiceWindow, purpose: str,
    resident: Resident | None = None, visitor_name: str = "",
) -> Appointment:
    require_perm(actor, ADD)
    visitor_name = visitor_name.strip()
    if resident is None and not visitor_name:
        raise ActionRefused(
            _("Choose the resident, or give the visitor's name."), field="visitor_name"
        )
    if day < timezone.localdate():
        raise ActionRefused(_("An appointment cannot be booked for a past day."), field="day")
    if not window.is_active:
        raise ActionRefused(_("This window is closed: choose another."), field="window")
    with transaction.atomic():
        return Appointment.objects.create(
            resident=resident, visitor_name="" if resident else visitor_name, day=day,
            time=time, window=window, purpose=purpose.strip(), created_by=actor,
        )


def appointment_set_status(*, actor, appointment: Appointment, status: str) -> Appointment:
    require_perm(actor, CHANGE)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if status not in NEXT_STATUSES.get(locked.status, ()):
            raise ActionRefused(
                _("The appointment is “%(now)s”: it cannot become “%(new)s”.") % {
                    "now": locked.get_status_display(),
                    "new": AppointmentStatus(status).label
                    if status in AppointmentStatus.values else status,
                }
            )
        locked.status = status
        locked.save(update_fields=["status"])
    return locked
