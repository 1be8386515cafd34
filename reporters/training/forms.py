"""Forms of the training sessions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from reporters.fields import date_field, text
from reporters.models import LecturerKind, ReporterProfile, TrainingTopic
from reporters.profiles.forms import AccountChoice
from residents import roles
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future


class AccountsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class TrainingForm(ProjectForm):
    held_on = date_field(_("Held on"))
    title = forms.CharField(label=_("Title"), max_length=200)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TrainingTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    lecturer_kind = forms.ChoiceField(
        label=_("Lecturer"), choices=LecturerKind.choices, widget=forms.RadioSelect
    )
    lecturer_staff = AccountChoice(
        label=_("Lecturer from the staff"), queryset=User.objects.none(), required=False
    )
    lecturer_name = forms.CharField(
        label=_("Outside expert (name and organisation)"), max_length=200, required=False
    )
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
        max_value=Decimal(12),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = text(_("Record of the session"), max_length=4000, required=False)
    attendees = AccountsChoice(
        label=_("Reporters who attended"), queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].validators.append(validate_not_future)
        self.fields["lecturer_staff"].queryset = User.objects.filter(
            groups__name__in=[roles.MANAGER, roles.FRONT_DESK, roles.OTHER_STAFF],
            is_active=True,
        ).distinct().order_by("username")
        self.fields["attendees"].queryset = User.objects.filter(
            pk__in=ReporterProfile.objects.values("user_id")
        ).order_by("username")

    def clean(self):
        data = super().clean()
        kind = data.get("lecturer_kind")
        if kind == LecturerKind.STAFF and not data.get("lecturer_staff"):
            self.add_error("lecturer_staff", _("Choose the member of staff who lectured."))
        if kind == LecturerKind.EXPERT and not data.get("lecturer_name"):
            self.add_error("lecturer_name", _("Give the outside expert's name and organisation."))
        return data
