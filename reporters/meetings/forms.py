"""Forms of the work meetings."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.fields import date_field, text
from reporters.models import ReporterProfile
from reporters.profiles.forms import AccountChoice
from reporters.training.forms import AccountsChoice
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future


class MeetingForm(ProjectForm):
    held_on = date_field(_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = AccountsChoice(
        label=_("Reporters present"), queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(label=_("Others present"), max_length=300,
                                      required=False)
    minutes = text(_("Minutes"), max_length=8000, rows=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].validators.append(validate_not_future)
        self.fields["attendees"].queryset = User.objects.filter(
            pk__in=ReporterProfile.objects.values("user_id")
        ).order_by("username")


class SuggestionForm(ProjectForm):
    reporter = AccountChoice(label=_("Suggested by"), queryset=User.objects.none())
    suggestion = text(_("Suggestion"), max_length=2000)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = meeting.attendees.order_by("username")


class ActionForm(ProjectForm):
    action_taken = text(_("What was done about it"), max_length=2000)
