"""The booking form and the status form of appointments; rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import AppointmentStatus, ServiceWindow
from residents.common.forms import ProjectForm, name_field
from residents.people.forms import DATE_WIDGET


class AppointmentForm(ProjectForm):
    visitor_name = name_field(
        _("Visitor's name (when not a registered resident)"), required=False,
    )
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    window = forms.ModelChoiceField(
        label=_("Window"), queryset=ServiceWindow.objects.filter(is_active=True),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)


class AppointmentStatusForm(ProjectForm):
    status = forms.ChoiceField(label=_("New status"), choices=AppointmentStatus.choices)
