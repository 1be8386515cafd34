"""Forms of the reporters' tasks."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.fields import date_field, text
from reporters.models import Report, ReporterStatus
from reporters.profiles.forms import AccountChoice
from residents.common.forms import ProjectForm


def active_reporters():
    return User.objects.filter(
        reporter_profile__status=ReporterStatus.ACTIVE, is_active=True
    ).order_by("username")


class TaskForm(ProjectForm):
    reporter = AccountChoice(label=_("Reporter"), queryset=User.objects.none())
    title = forms.CharField(label=_("What to do"), max_length=200)
    area = forms.CharField(label=_("Area"), max_length=100)
    due_on = date_field(_("Due on"))
    details = text(_("Details"), max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = active_reporters()


class AnswerForm(ProjectForm):
    report = forms.ModelChoiceField(label=_("Report answering the task"),
                                    queryset=Report.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = Report.objects.filter(
            author=user, task_answer__isnull=True
        ).order_by("-created_at")
        self.fields["report"].label_from_instance = lambda r: f"{r.number} {r.title}"


class CompleteForm(ProjectForm):
    note = text(_("What was done"), max_length=2000, required=False)
