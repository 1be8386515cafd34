"""The review form: four judgments and, when one fails, what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reporters.fields import text
from residents.common.forms import ProjectForm


class ReviewForm(ProjectForm):
    truthful = forms.BooleanField(label=_("Truthful"), required=False)
    complete = forms.BooleanField(label=_("Complete"), required=False)
    accurate = forms.BooleanField(label=_("Accurate"), required=False)
    well_formatted = forms.BooleanField(label=_("In the required format"), required=False)
    reason = text(
        _("What is wrong (needed when returning the report)"), max_length=2000, required=False
    )


class HandleForm(ProjectForm):
    result = text(_("How it was handled"), max_length=2000)


class EvaluationForm(ProjectForm):
    satisfied = forms.TypedChoiceField(
        label=_("Residents' evaluation of the handling"),
        choices=[("yes", _("Satisfied")), ("no", _("Not satisfied"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
    )
    comment = text(_("Residents' comments"), max_length=2000, required=False)
