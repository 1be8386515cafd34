"""Forms of the emergency reports: the phoned-in report and the written report."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.fields import datetime_field, now_local, text
from reporters.models import EmergencyKind, ReporterStatus
from reporters.profiles.forms import AccountChoice
from residents.common.forms import ProjectForm


class EmergencyCallForm(ProjectForm):
    reporter = AccountChoice(label=_("Reporter who phoned"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=EmergencyKind.choices)
    called_at = datetime_field(_("Time of the call"))
    basic_facts = text(_("Basic facts given on the phone"), max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = now_local
        reporters = User.objects.filter(
            reporter_profile__status=ReporterStatus.ACTIVE
        ).order_by("username")
        if user.has_perm("reporters.file_report"):
            # A reporter logs their own call.
            reporters = reporters.filter(pk=user.pk)
            self.fields["reporter"].initial = user.pk
        self.fields["reporter"].queryset = reporters


class EmergencyWriteForm(ProjectForm):
    occurred_at = datetime_field(_("Time of the event"))
    place = forms.CharField(label=_("Place"), max_length=200)
    course = text(_("Course of events"), max_length=4000, rows=4)
    impact_scope = text(_("Scope of impact"), max_length=2000)
    measures_taken = text(_("Measures taken"), max_length=2000)
