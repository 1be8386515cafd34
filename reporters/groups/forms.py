"""Forms of the work groups."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.profiles.forms import AccountChoice
from residents import roles
from residents.common.forms import ProjectForm


class GroupForm(ProjectForm):
    name = forms.CharField(label=_("Name of the work group"), max_length=60)
    reviewer = AccountChoice(
        label=_("Designated reviewer"), queryset=User.objects.none(), required=False
    )
    seal = forms.FileField(
        label=_("Seal image (PNG or JPG)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(
            groups__name__in=[roles.MANAGER, roles.FRONT_DESK], is_active=True
        ).distinct().order_by("username")
