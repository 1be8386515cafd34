"""Forms of the reporter register."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporters.fields import date_field
from reporters.models import ReporterStatus, WorkGroup
from residents import roles
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future


class AccountChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class ReporterRegisterForm(ProjectForm):
    user = AccountChoice(label=_("Account with the reporter role"), queryset=User.objects.none())
    area = forms.CharField(label=_("Area covered"), max_length=100)
    group = forms.ModelChoiceField(
        label=_("Work group"), queryset=WorkGroup.objects.all(), required=False
    )
    started_on = date_field(_("Started on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            groups__name=roles.REPORTER, is_active=True, reporter_profile__isnull=True
        ).order_by("username")


class ReporterEditForm(ProjectForm):
    area = forms.CharField(label=_("Area covered"), max_length=100)
    group = forms.ModelChoiceField(
        label=_("Work group"), queryset=WorkGroup.objects.all(), required=False
    )


class AgreementSignForm(ProjectForm):
    signed_on = date_field(_("Signed on"))
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].validators.append(validate_not_future)
        # A sign date defaults to today: the paper is usually signed at the window.
        self.fields["signed_on"].initial = timezone.localdate


class StatusForm(ProjectForm):
    status = forms.ChoiceField(label=_("New status"), choices=ReporterStatus.choices)
    reason = forms.CharField(
        label=_("Reason (e.g. false information, delayed report, leak)"), max_length=200,
        required=False,
    )


class SealForm(ProjectForm):
    seal = forms.FileField(
        label=_("Personal seal image (PNG or JPG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )


def uploaded_bytes(upload) -> bytes | None:
    return upload.read() if upload else None
