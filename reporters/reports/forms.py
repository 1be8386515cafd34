"""The report form: the fixed template, and what each category asks for (rules.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reporters.fields import datetime_field, text
from reporters.models import CollectionMethod, EventKind, ReportCategory
from reporters.reports.rules import EDITABLE_FIELDS, required_fields
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future

REQUIRED_MESSAGE = _("This category of report needs this.")


class ReportForm(ProjectForm):
    category = forms.ChoiceField(label=_("Category"), choices=ReportCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    collection_method = forms.ChoiceField(
        label=_("How it was collected"), choices=CollectionMethod.choices
    )
    source = text(_("Source of the information"), max_length=1000, rows=2)
    facts = text(_("Facts"), max_length=4000, rows=4)
    analysis = text(_("Analysis"), max_length=4000)
    suggested_measures = text(_("Suggested measures"), max_length=2000)
    proposer = forms.CharField(label=_("Proposed by"), max_length=50, required=False)
    proposer_contact = forms.CharField(
        label=_("Proposer's contact"), max_length=50, required=False
    )
    event_kind = forms.ChoiceField(
        label=_("Kind of event"), choices=[("", "—"), *EventKind.choices], required=False
    )
    occurred_at = datetime_field(_("Time of the event"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    course = text(_("Course of events"), max_length=4000, required=False)
    people_involved = text(_("People involved"), max_length=1000, rows=2, required=False)
    current_state = text(_("Current state"), max_length=1000, rows=2, required=False)
    measures_taken = text(_("Measures taken"), max_length=2000, rows=2, required=False)
    project = forms.CharField(label=_("Project"), max_length=200, required=False)
    stage = forms.CharField(label=_("Stage"), max_length=100, required=False)
    problems = text(_("Problems"), max_length=2000, required=False)
    figures = text(_("Figures (optional)"), max_length=1000, rows=2, required=False)
    problem_area = forms.CharField(label=_("Problem area"), max_length=200, required=False)
    causes = text(_("Causes and initial analysis"), max_length=2000, required=False)

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value is not None:
            validate_not_future(value.date())
        return value

    def clean(self):
        data = super().clean()
        category = data.get("category")
        for field in required_fields(category) if category else ():
            if field not in self.errors and data.get(field) in (None, ""):
                self.add_error(field, REQUIRED_MESSAGE)
        return data

    def service_arguments(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in EDITABLE_FIELDS}


class LinkForm(ProjectForm):
    number = forms.CharField(
        label=_("Archive number or full ID number of the resident"), max_length=30,
        help_text=_("Type the number the resident gave you; nothing is suggested."),
    )


class AttachForm(ProjectForm):
    file = forms.FileField(
        label=_("Photo or document (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    description = forms.CharField(label=_("Description"), max_length=100, required=False)
