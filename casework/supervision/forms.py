"""Forms of the supervision pages; the checkpoints of an inspection are fields of the form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import (
    AccountabilityLevel,
    AccountabilityMeasure,
    FindingResult,
    InspectionKind,
)
from casework.supervision.services import FindingInput
from residents.common.forms import ProjectForm
from residents.common.staff import display_name
from residents.common.validation import validate_not_future
from residents.people.forms import DATE_WIDGET

NO_PERSONAL_DATA = _("Describe the work, not residents: write no resident's name, ID number or "
                     "phone here.")


class ChecklistItemForm(ProjectForm):
    title = forms.CharField(label=_("Checkpoint"), max_length=100)
    guidance = forms.CharField(label=_("What to look at"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class InspectionForm(ProjectForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    inspected_on = forms.DateField(
        label=_("Inspected on"), widget=DATE_WIDGET, validators=[validate_not_future],
        initial=timezone.localdate,
    )
    inspectors = forms.CharField(label=_("Inspected by"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_DATA,
    )

    def __init__(self, *args, checkpoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkpoints = list(checkpoints)
        for index, item in enumerate(self.checkpoints):
            self.fields[f"result_{index}"] = forms.ChoiceField(
                label=item.title, choices=FindingResult.choices, help_text=item.guidance,
                widget=forms.RadioSelect, initial=FindingResult.PASSED,
            )
            self.fields[f"finding_{index}"] = forms.CharField(
                label=_("Finding at “%(checkpoint)s”") % {"checkpoint": item.title},
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def checkpoint_rows(self):
        return [
            (item, self[f"result_{index}"], self[f"finding_{index}"])
            for index, item in enumerate(self.checkpoints)
        ]

    def findings(self) -> list[FindingInput]:
        return [
            FindingInput(
                checkpoint=item.title, result=self.cleaned_data[f"result_{index}"],
                finding=self.cleaned_data.get(f"finding_{index}", ""),
            )
            for index, item in enumerate(self.checkpoints)
        ]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class AccountabilityForm(ProjectForm):
    level = forms.ChoiceField(label=_("Level"), choices=AccountabilityLevel.choices)
    staff_member = StaffChoiceField(
        label=_("Staff member"), required=False,
        queryset=get_user_model().objects.filter(is_active=True, groups__isnull=False)
        .distinct().order_by("username"),
    )
    unit = forms.CharField(label=_("Department or community"), max_length=100, required=False)
    measure = forms.ChoiceField(label=_("Measure"), choices=AccountabilityMeasure.choices)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=NO_PERSONAL_DATA)
    decided_by = forms.CharField(label=_("Decided by"), max_length=100)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DATE_WIDGET, validators=[validate_not_future],
        initial=timezone.localdate,
    )
