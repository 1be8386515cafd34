"""Forms of the public self-report page and of the staff's handling (TRK-5)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.models import SelfReportAspect


class SelfReportForm(ProjectForm):
    id_number = forms.CharField(
        label=_("Your ID number"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("The phone number the centre has for you"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    aspect = forms.ChoiceField(label=_("What changed"), choices=SelfReportAspect.choices)
    text = forms.CharField(
        label=_("Describe the change"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("e.g. a new job, an illness, a move; staff will check it with you."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the centre keeps this report and checks it against my record for "
            "community services."
        ),
        error_messages={
            "required": _("Tick the consent box: without it the centre cannot keep your report.")
        },
    )


class HandleForm(ProjectForm):
    note = forms.CharField(
        label=_("Staff note"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
