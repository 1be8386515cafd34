"""Forms of the sign-in and account-change pages; the rules live in
residents/accounts/services.py."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from residents.accounts.services import ASSIGNABLE_ROLES
from residents.common.forms import ProjectForm
from residents.common.staff import ROLE_LABELS
from residents.models import AccountChangeKind

USERNAME_TOO_LONG = _("A username has at most %(limit_value)d characters.")


class _UsernameLengthChecked:
    """Django's sign-in forms limit the username's length only in the page (maxlength): one
    posted longer anyway was still tried, and its failed attempt could not be recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length, message=USERNAME_TOO_LONG))


class SignInForm(_UsernameLengthChecked, ProjectForm, AuthenticationForm):
    """The staff sign-in page's form (config/urls.py)."""


class AdminSignInForm(_UsernameLengthChecked, ProjectForm, AdminAuthenticationForm):
    """The admin site's sign-in form (residents/accounts/admin.py)."""


class AccountChangeRequestForm(ProjectForm):
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.filter(is_active=True, is_superuser=False).order_by("username"),
        to_field_name="username",
    )
    kind = forms.ChoiceField(label=_("Change"), choices=AccountChangeKind.choices)
    role = forms.ChoiceField(
        label=_("Role"), required=False,
        choices=[("", "—"), *((role, ROLE_LABELS[role]) for role in ASSIGNABLE_ROLES)],
        help_text=_("Not needed for a password reset."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccountChangeDecisionForm(ProjectForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SecondFactorCodeForm(ProjectForm):
    """A code from the authenticator app, or a recovery code (where the page accepts one)."""

    code = forms.CharField(
        label=pgettext_lazy("two-step verification", "Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class SecondFactorResetForm(ProjectForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
