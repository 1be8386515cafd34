"""Forms shared by every kind of case: plain steps, feedback, return visits, escalation,
signed slips. The rules live in casework/engine/services.py; forms only check the shape of input."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.duties.services import staff_who_handle
from casework.engine.workflows import STATUS_LABELS, statuses_by_kind
from casework.models import CaseKind, FeedbackChannel, Satisfaction, ServiceWindow
from residents.common.forms import ProjectForm, reprint_reason_field
from residents.common.validation import validate_not_future
from residents.people.forms import DATE_WIDGET


def text_field(label, *, required: bool = True, max_length: int = 2000, rows: int = 3):
    return forms.CharField(
        label=label, required=required, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StepForm(ProjectForm):
    action = forms.CharField(widget=forms.HiddenInput, max_length=30)
    reason = text_field(_("Decision and reason"), required=False, max_length=1000, rows=2)


class PrintForm(ProjectForm):
    """The reason for a second print of the same slip; also the place for the reason a print
    is refused, shown next to its button."""

    reprint_reason = reprint_reason_field()


class FeedbackForm(ProjectForm):
    channel = forms.ChoiceField(
        label=_("Told by"), choices=FeedbackChannel.choices, widget=forms.RadioSelect
    )
    text = text_field(_("What the applicant was told"), max_length=1000)


class ReturnVisitForm(ProjectForm):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, coerce=int,
        widget=forms.RadioSelect,
    )
    comment = text_field(
        _("Comment"), required=False, max_length=1000, rows=2,
    )


class EscalateForm(ProjectForm):
    department = forms.CharField(label=_("Department"), max_length=100)
    reason = text_field(_("Reason"), max_length=1000, rows=2)


class CaseSlipSignedForm(ProjectForm):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=DATE_WIDGET, initial=timezone.localdate,
        validators=[validate_not_future],
    )


class StatusFilterField(forms.ChoiceField):
    """Each kind's statuses under the kind's name ("kind:status"), so a label two kinds share
    names one status once per kind; a bare status (older links) selects it in every kind."""

    def valid_value(self, value):
        return value in STATUS_LABELS or super().valid_value(value)


def status_filter_choices() -> list:
    return [
        ("", _("All statuses")),
        *(
            (CaseKind(kind).label, [(f"{kind}:{status}", STATUS_LABELS.get(status, status))
                                    for status in statuses])
            for kind, statuses in statuses_by_kind().items()
        ),
    ]


class CaseFilterForm(ProjectForm):
    DUE_CHOICES = [("", _("Any")), ("overdue", _("Overdue")), ("due_soon", _("Due soon")),
                   ("open", _("Open"))]

    q = forms.CharField(label=_("Case number or subject"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *CaseKind.choices]
    )
    status = StatusFilterField(label=_("Status"), required=False, choices=status_filter_choices)
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)
    late = forms.BooleanField(label=_("Declared late only"), required=False)
    # Windows and duties (AFF-7).
    window = forms.ModelChoiceField(
        label=_("Window"), required=False, queryset=ServiceWindow.objects.all(),
        empty_label=_("All windows"),
    )
    handler = forms.ChoiceField(label=_("Handler"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [
            ("", _("Anyone")), ("mine", _("Me")),
            *((str(u.pk), u.get_full_name() or u.get_username()) for u in staff_who_handle()),
        ]
