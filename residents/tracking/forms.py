"""Forms of the tracking pages: contacts, status changes, emergencies, re-checks.

Forms check what a field can check (required, dates not in the future); the rules that need
stored state (order of status changes, a closed emergency) are the services' and come back as
ActionRefused, shown with the form.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future
from residents.models import ContactKind, EmergencyKind, StatusAspect
from residents.people.forms import DATE_WIDGET


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_WIDGET, validators=[validate_not_future],
        initial=timezone.localdate, **kwargs,
    )


def _text(label, *, rows: int = 3, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}), **kwargs,
    )


class ContactRecordForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    occurred_on = _date_field(_("Date"))
    summary = _text(_("Summary"), rows=4, help_text=_("What was seen, said or asked for."))
    follow_up = _text(_("Follow-up needed"), rows=2, required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # Only kinds whose records this user may read back (online feedback is feedback).
        self.fields["kind"].choices = [c for c in ContactKind.choices if c[0] in kinds]


class StatusChangeForm(ProjectForm):
    aspect = forms.ChoiceField(label=_("Aspect"), choices=StatusAspect.choices)
    current = _text(_("New situation"), rows=3)
    effective_on = _date_field(_("Effective on"))


class EmergencyForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Kind of emergency"), choices=EmergencyKind.choices)
    occurred_on = _date_field(_("Occurred on"))
    description = _text(_("What happened"), rows=4)
    help_given = _text(_("Help given"), rows=3, required=False)


class FollowUpForm(ProjectForm):
    date = _date_field(_("Date"))
    note = _text(_("Follow-up"), rows=3)


class CloseEmergencyForm(ProjectForm):
    closed_on = _date_field(_("Closed on"))
    closing_note = _text(_("Closing note"), rows=3)


class RecheckForm(ProjectForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=1000)
