"""Appointments at the windows: the day's list with each appointment's status, the
booking form (a resident chosen with the resident picker, or a visitor's name), and the status
step. Thin: check access, validate, call the service, say what happened."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.appointments import selectors, services
from casework.appointments.forms import AppointmentForm, AppointmentStatusForm
from casework.cases.picker import picked_resident
from casework.models import Appointment, AppointmentStatus
from residents.access.fields import FieldGroup
from residents.access.policy import policies_for, policy_for
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()


@require_GET
def appointment_list(request):
    require_perm(request.user, "casework.view_appointment")
    day = _day(request.GET.get("day", ""))
    appointments = list(selectors.appointments_on(request.user, day))
    residents = [a.resident for a in appointments if a.resident_id]
    policies = policies_for(request.user, residents)
    record_reads(
        actor=request.user, residents=residents, field_groups=[FieldGroup.BASIC],
        purpose=ReadPurpose.RESIDENT_LIST, request=request,
    )
    can_change = request.user.has_perm(services.CHANGE)
    rows = [
        {
            "appointment": a,
            "who": policies[a.resident_id].display_value(a.resident, "name")
            if a.resident_id else a.visitor_name,
            "next": [
                (status, AppointmentStatus(status).label)
                for status in services.NEXT_STATUSES.get(a.status, ())
            ] if can_change else [],
        }
        for a in appointments
    ]
    return render(request, "casework/appointments/appointment_list.html", {
        "day": day, "rows": rows,
        "previous": day - datetime.timedelta(days=1), "following": day + datetime.timedelta(days=1),
        "can_book": request.user.has_perm(services.ADD),
    })


@require_http_methods(["GET", "POST"])
def appointment_book(request):
    require_perm(request.user, services.ADD)
    resident = picked_resident(request)
    form = AppointmentForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            appointment = services.appointment_book(
                actor=request.user, resident=resident, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Appointment booked: %(day)s %(time)s, %(window)s") % {
                "day": appointment.day.isoformat(), "time": appointment.time.strftime("%H:%M"),
                "window": appointment.window.name,
            })
            return redirect(
                f"{reverse('casework:appointment_list')}?day={appointment.day.isoformat()}"
            )
    resident_name = None
    if resident is not None:
        policy = policy_for(request.user, resident)
        resident_name = policy.display_value(resident, "name")
        record_reads(
            actor=request.user, residents=[resident], field_groups=[FieldGroup.BASIC],
            purpose=ReadPurpose.RESIDENT_LIST, request=request,
        )
    return render(request, "casework/appointments/appointment_form.html", {
        "form": form, "resident": resident, "resident_name": resident_name,
    })


@require_POST
def appointment_status(request, pk: int):
    require_perm(request.user, services.CHANGE)
    appointment = get_object_or_404(Appointment, pk=pk)
    form = AppointmentStatusForm(request.POST)
    back = f"{reverse('casework:appointment_list')}?day={appointment.day.isoformat()}"
    if not form.is_valid():
        messages.error(request, _("Choose the new status of the appointment."))
        return redirect(back)
    try:
        changed = services.appointment_set_status(
            actor=request.user, appointment=appointment, status=form.cleaned_data["status"]
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Appointment at %(time)s: %(status)s") % {
            "time": changed.time.strftime("%H:%M"), "status": changed.get_status_display(),
        })
    return redirect(back)
