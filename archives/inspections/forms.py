from django import forms
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm


class InspectionForm(ProjectForm):
    inspected_on = forms.DateField(
        label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    damage = forms.BooleanField(label=_("Damage found"), required=False)
    mould = forms.BooleanField(label=_("Mould found"), required=False)
    missing = forms.BooleanField(label=_("Missing items found"), required=False)
    findings = forms.CharField(
        label=_("Findings and upkeep"), max_length=2000, required=False, widget=forms.Textarea
    )
