"""The form that opens a case (or a resident emergency) from an approved report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.duties.services import staff_who_handle
from casework.models import AffairItem
from casework.supervision.forms import DATE_WIDGET, StaffChoiceField
from reporters.handling.services import TARGET_LABELS, fitting_targets
from residents.common.forms import ProjectForm
from residents.models import EmergencyKind, Resident


class ReportCaseForm(ProjectForm):
    target = forms.ChoiceField(label=_("Open as"), widget=forms.RadioSelect)
    responsible = StaffChoiceField(
        label=_("Responsible person"), queryset=None, required=False,
        help_text=_("Rectification: who rectifies it."),
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False,
        widget=DATE_WIDGET,
    )
    requirements = forms.CharField(
        label=_("Rectification requirements"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resident = forms.ModelChoiceField(
        label=_("Resident"), queryset=Resident.objects.none(), required=False,
        help_text=_("Resident emergency or window affair: one of the residents the report "
                    "names."),
    )
    affair_item = forms.ModelChoiceField(
        label=_("Affair"), queryset=AffairItem.objects.none(), required=False,
        help_text=_("Window affair: the affair from the catalogue; the materials are handed "
                    "in at the window."),
    )
    emergency_kind = forms.ChoiceField(
        label=_("Kind of emergency"), choices=[("", "—"), *EmergencyKind.choices],
        required=False,
    )
    case_number = forms.CharField(
        label=_("Rectification case number"), max_length=20, required=False,
        help_text=_("Join: the number of the rectification already open, e.g. ZG-2026-000001."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        targets = fitting_targets(report)
        self.fields["target"].choices = [(t, TARGET_LABELS[t]) for t in targets]
        self.fields["target"].initial = targets[0]
        self.fields["responsible"].queryset = staff_who_handle()
        self.fields["resident"].queryset = Resident.objects.filter(
            pk__in=report.named_residents.values("resident_id")
        )
        self.fields["affair_item"].queryset = AffairItem.objects.filter(
            is_active=True
        ).order_by("name")
        if "affair" not in targets:
            del self.fields["affair_item"]

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target == "rectification":
            for name in ("responsible", "deadline", "requirements"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a rectification."))
        if target == "emergency":
            for name in ("resident", "emergency_kind"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a resident emergency."))
        if target == "affair":
            for name in ("resident", "affair_item"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a window affair."))
        if target == "link" and not data.get("case_number"):
            self.add_error("case_number", _("Give the number of the rectification to join."))
        return data
