"""Forms of the external disclosure requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reporters.fields import text
from reporters.models import Report, ReportStatus
from residents.common.forms import ProjectForm


class ReportsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} {obj.title}"


class DisclosureForm(ProjectForm):
    recipient = forms.CharField(label=_("Recipient outside the centre"), max_length=200)
    purpose = text(_("Purpose"), max_length=2000)
    content = text(_("What information is given"), max_length=2000)
    reports = ReportsChoice(
        label=_("Reports"), queryset=Report.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = reports.exclude(status=ReportStatus.DRAFT).order_by(
            "-number"
        )


class DecisionForm(ProjectForm):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
    )
    note = text(_("Reason for the decision"), max_length=1000, required=False)
