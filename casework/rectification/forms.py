"""Forms of rectification: issuing one, and the responsible person's start."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.duties.services import staff_who_handle
from casework.supervision.forms import DATE_WIDGET, NO_PERSONAL_DATA, StaffChoiceField
from residents.common.forms import ProjectForm

# The deadline offered by default: two weeks from today.
DEFAULT_DEADLINE_DAYS = 14


def _default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)


class RectificationIssueForm(ProjectForm):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False,
                              help_text=_("Left empty, the finding names it."))
    finding_text = text_field(_("Finding to rectify"), max_length=2000)
    requirements = text_field(_("Rectification requirements"), max_length=2000)
    unit = forms.CharField(label=_("Rectifying unit"), max_length=100, required=False)
    responsible = StaffChoiceField(label=_("Responsible person"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET,
                               initial=_default_deadline)

    def __init__(self, *args, subject_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_who_handle()
        self.fields["finding_text"].help_text = NO_PERSONAL_DATA
        if subject_required:
            self.fields["subject"].required = True
            self.fields["subject"].help_text = ""


class RectificationStartForm(ProjectForm):
    note = text_field(_("What will be done"), required=False, max_length=1000, rows=2)
