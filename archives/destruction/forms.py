from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import Volume
from residents.common.forms import ProjectForm


class ProposeForm(ProjectForm):
    volumes = forms.ModelMultipleChoiceField(
        label=_("Volumes"), queryset=Volume.objects.filter(destroyed_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Grounds"), max_length=300)
