"""Forms of the assessment pages: the standards, a complaint's attribution, the proposals."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from casework.assessment.selectors import GRADED
from casework.assessment.services import THRESHOLDS
from casework.models import AssessmentStandard, Grade, ServiceWindow
from residents import roles
from residents.common.forms import ProjectForm

LABELS = {
    "min_on_time_percent": _("On time at least (%)"),
    "min_satisfaction": _("Average satisfaction at least (1–5)"),
    "max_complaints": _("Complaints at most"),
    "max_errors": _("Errors returned at most"),
}


def _threshold_field(name: str, label) -> forms.Field:
    if name == "min_on_time_percent":
        return forms.DecimalField(label=label, required=False, min_value=0, max_value=100,
                                  decimal_places=1)
    if name == "min_satisfaction":
        return forms.DecimalField(label=label, required=False, min_value=1, max_value=5,
                                  decimal_places=2)
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10000)


class StandardsForm(ProjectForm):
    """One field per grade and threshold, named `<grade>__<threshold>`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kept = {s.grade: s for s in AssessmentStandard.objects.all()}
        for grade in GRADED:
            for name in THRESHOLDS:
                key = f"{grade}__{name}"
                self.fields[key] = _threshold_field(
                    name, f"{Grade(grade).label}: {LABELS[name]}"
                )
                if grade in kept:
                    self.initial.setdefault(key, getattr(kept[grade], name))

    def grades(self):
        return [
            (Grade(grade).label, [self[f"{grade}__{name}"] for name in THRESHOLDS])
            for grade in GRADED
        ]

    def thresholds(self) -> dict[str, dict]:
        return {
            grade: {name: self.cleaned_data.get(f"{grade}__{name}") for name in THRESHOLDS}
            for grade in GRADED
        }


class AttributionForm(ProjectForm):
    number = forms.CharField(label=_("Complaint number"), max_length=20)
    staff_member = forms.ModelChoiceField(
        label=_("Staff member"), required=False, queryset=get_user_model().objects.none(),
    )
    window = forms.ModelChoiceField(
        label=_("Window"), required=False, queryset=ServiceWindow.objects.none(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = get_user_model().objects.filter(
            is_active=True, groups__name__in=[roles.FRONT_DESK, roles.MANAGER]
        ).distinct().order_by("username")
        self.fields["window"].queryset = ServiceWindow.objects.filter(is_active=True)


class ProposalsForm(ProjectForm):
    proposals = forms.CharField(
        label=_("Improvement proposals"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
