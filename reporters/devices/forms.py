"""The form of a device check."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.assessment.forms import registered_reporters
from reporters.fields import date_field, text
from reporters.models import CheckResult, DeviceKind
from reporters.profiles.forms import AccountChoice
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future


class DeviceCheckForm(ProjectForm):
    reporter = AccountChoice(label=_("Reporter"), queryset=User.objects.none())
    checked_on = date_field(_("Checked on"))
    device_kind = forms.ChoiceField(label=_("Kind of device"), choices=DeviceKind.choices)
    device = forms.CharField(label=_("Device (make, model, label)"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=CheckResult.choices,
                               widget=forms.RadioSelect)
    findings = text(_("Findings"), max_length=2000, required=False)
    action = text(_("Action taken"), max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = registered_reporters()
        self.fields["checked_on"].validators.append(validate_not_future)
