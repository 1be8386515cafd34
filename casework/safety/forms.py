"""Forms of the safety and environment records and the garbage collection schedule."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.models import PhotoStage, SafetyKind
from casework.safety.services import PhotoInput
from casework.supervision.forms import DATE_WIDGET, NO_PERSONAL_DATA
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
IMAGE_ACCEPT = {"accept": "image/jpeg,image/png"}


class SafetyRecordForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SafetyKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET,
                                  validators=[validate_not_future], initial=timezone.localdate)
    start_time = forms.TimeField(label=_("From"), widget=TIME_WIDGET, required=False)
    end_time = forms.TimeField(label=_("Until"), widget=TIME_WIDGET, required=False)
    place = forms.CharField(
        label=_("Route or place"), max_length=200,
        help_text=_("The patrol's route, the building, the eatery, the collection area or the "
                    "green."),
    )
    people = forms.CharField(label=_("People taking part"), max_length=300)
    participant_count = forms.IntegerField(label=_("Number of participants"), required=False,
                                           min_value=1, max_value=100000)
    department = forms.CharField(label=_("Department that joined"), max_length=100,
                                 required=False,
                                 help_text=_("Food-safety inspections: e.g. market supervision."))
    quantity = forms.CharField(label=_("Quantity"), max_length=100, required=False,
                               help_text=_("Garbage: e.g. 2 truckloads, 3 tonnes."))
    destination = forms.CharField(label=_("Taken to"), max_length=200, required=False)
    content = text_field(_("What was done"), required=False)
    findings = text_field(_("Findings"), required=False)
    problem_found = forms.BooleanField(label=_("Problems found that need rectifying"),
                                       required=False)
    photo_before = forms.FileField(label=_("Photo before"), required=False,
                                   widget=forms.ClearableFileInput(attrs=IMAGE_ACCEPT))
    photo_after = forms.FileField(label=_("Photo after"), required=False,
                                  widget=forms.ClearableFileInput(attrs=IMAGE_ACCEPT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].help_text = NO_PERSONAL_DATA

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        photos = []
        for stage, key in ((PhotoStage.BEFORE, "photo_before"), (PhotoStage.AFTER, "photo_after")):
            upload = data.pop(key, None)
            if upload:
                photos.append(PhotoInput(stage=stage, data=upload.read()))
        data["photos"] = photos
        return data


class GarbageScheduleForm(ProjectForm):
    area = forms.CharField(label=_("Area"), max_length=100)
    days = forms.CharField(label=_("Days"), max_length=100,
                           help_text=_("e.g. every day, or Monday, Wednesday and Friday."))
    collection_time = forms.TimeField(label=_("Collection time"), widget=TIME_WIDGET)
    collector = forms.CharField(label=_("Collected by"), max_length=100)
    destination = forms.CharField(label=_("Taken to"), max_length=200)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
