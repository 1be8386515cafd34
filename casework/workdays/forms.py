"""Form of the working-day calendar page (AFF-4); the rules live in casework.workdays.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.people.forms import DATE_WIDGET

HOLIDAY, WORKED = "holiday", "worked"
KIND_CHOICES = [
    (HOLIDAY, _("Holiday on a weekday")),
    (WORKED, _("Weekend day worked in place of a holiday")),
]


class CalendarDayForm(ProjectForm):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=KIND_CHOICES, initial=HOLIDAY, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        help_text=_("e.g. 国庆节 or 国庆节调休"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def service_arguments(self) -> dict:
        """The cleaned data in the terms of calendar_services.calendar_day_add."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "is_working_day": data["kind"] == WORKED,
            "name": data["name"],
        }
