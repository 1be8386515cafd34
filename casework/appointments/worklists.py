"""Today's appointments on the front desk's home, named by time and window only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.appointments.selectors import appointments_on
from casework.models import AppointmentStatus
from residents.worklists.homes import LINES_SHOWN, MINE


def appointment_home_lines(user) -> list[dict]:
    if not user.has_perm("casework.add_appointment"):
        return []
    today = timezone.localdate()
    booked = appointments_on(user, today).filter(status=AppointmentStatus.BOOKED)
    return [{
        "section": MINE, "order": 20, "title": _("Today's appointments"),
        "count": booked.count(), "url": reverse("casework:appointment_list"),
        "items": [
            {
                "label": f"{a.time:%H:%M} · {a.window.name} · {a.purpose}",
                "url": f"{reverse('casework:appointment_list')}?day={today.isoformat()}",
                "note": "",
            }
            for a in booked[:LINES_SHOWN]
        ],
    }]
