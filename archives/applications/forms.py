from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from archives.models import Volume
from residents.common.forms import ProjectForm


class ApplicationForm(ProjectForm):
    purpose = forms.CharField(label=_("Purpose"), max_length=500, widget=forms.Textarea)
    volumes = forms.ModelMultipleChoiceField(
        label=_("Volumes"), queryset=Volume.objects.filter(destroyed_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
    )


class ApproveForm(ProjectForm):
    day = forms.DateField(label=_("Viewing date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=get_user_model().objects.filter(is_active=True, groups__isnull=False)
        .distinct().order_by("username"),
    )


class RejectForm(ProjectForm):
    note = forms.CharField(label=_("Reason"), max_length=300)
