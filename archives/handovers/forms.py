from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from archives.models import Volume
from residents.common.forms import ProjectForm


class HandoverForm(ProjectForm):
    received_by = forms.ModelChoiceField(
        label=_("Received by"),
        queryset=get_user_model().objects.filter(is_active=True, groups__isnull=False)
        .distinct().order_by("username"),
    )
    volumes = forms.ModelMultipleChoiceField(
        label=_("Volumes"), queryset=Volume.objects.filter(destroyed_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Items and remarks"), max_length=300, required=False)
