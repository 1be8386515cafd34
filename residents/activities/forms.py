"""Forms of the service, activity and volunteer-team pages.

Forms check the shape of each entry; the business rules (final outcomes, duplicates, date
order) live in residents.activities.services, whose refusals the views put next to the field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.activities.kinds import REGISTERED_ONLY, SERVICE_AGE_GROUPS
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future
from residents.households.forms import archive_number_resident
from residents.models import ActivityKind, Resident, ServiceKind, ServiceOutcome, VolunteerTeam
from residents.people.classification import AGE_GROUP_LABELS
from residents.people.forms import DATE_WIDGET

ARCHIVE_NUMBER_WIDGET = forms.TextInput(
    attrs={"autocomplete": "off", "placeholder": "JM-2026-000123"}
)


def _kind_choices() -> list[tuple[str, str]]:
    """Each kind with whom it serves (CLS-4) and who may use it (CLS-5), seen on choosing."""
    choices = []
    for value, label in ServiceKind.choices:
        notes = []
        if value in SERVICE_AGE_GROUPS:
            notes.append(str(AGE_GROUP_LABELS[SERVICE_AGE_GROUPS[value]]))
        if value in REGISTERED_ONLY:
            notes.append(str(_("registered (户籍) only")))
        choices.append((value, f"{label}（{'，'.join(notes)}）" if notes else label))
    return choices


class ServiceRecordForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Service"), choices=_kind_choices)
    applied_on = forms.DateField(
        label=_("Applied or handled on"), widget=DATE_WIDGET, validators=[validate_not_future]
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was handled, documents received, next step."),
    )


FINAL_OUTCOME_CHOICES = [
    (value, label) for value, label in ServiceOutcome.choices
    if value != ServiceOutcome.IN_PROGRESS
]


class ServiceOutcomeForm(ProjectForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FINAL_OUTCOME_CHOICES)
    outcome_on = forms.DateField(
        label=_("Outcome on"), widget=DATE_WIDGET, validators=[validate_not_future]
    )


class ActivityForm(ProjectForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.ModelChoiceField(
        label=_("Volunteer team (optional)"), required=False,
        queryset=VolunteerTeam.objects.order_by("name"),
    )


class ActivityFilterForm(ProjectForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ActivityKind.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the range cannot be before its start."))
        return data


class ServiceFilterForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ServiceKind.choices)
        self.fields["kind"].choices = [("", _("All")), *((k, labels[k]) for k in kinds)]


class ResidentByArchiveNumberForm(ProjectForm):
    """Names a resident by archive number; only residents the user may see are found."""

    archive_number = forms.CharField(
        label=_("Archive number"), max_length=30, widget=ARCHIVE_NUMBER_WIDGET,
        help_text=_("As printed on the registration slip, e.g. JM-2026-000123."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_archive_number(self) -> Resident:
        # Verified residents only; one message whether the number is unknown or names
        # somebody the user may not see.
        return archive_number_resident(
            self.user, self.cleaned_data["archive_number"], verified_only=True
        )


class ParticipantForm(ResidentByArchiveNumberForm):
    pass


class VolunteerJoinForm(ResidentByArchiveNumberForm):
    joined_on = forms.DateField(
        label=_("Joined on"), widget=DATE_WIDGET, validators=[validate_not_future]
    )


class VolunteerLeaveForm(ProjectForm):
    left_on = forms.DateField(
        label=_("Left on"), widget=DATE_WIDGET, validators=[validate_not_future]
    )


class AttendanceForm(ProjectForm):
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )


class VolunteerTeamForm(ProjectForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    created_on = forms.DateField(
        label=_("Founded on"), widget=DATE_WIDGET, validators=[validate_not_future]
    )
