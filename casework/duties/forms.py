"""Forms of the windows-and-duties pages and of reassigning a case; the rules live in
casework/duties/services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.duties.services import staff_who_handle
from casework.models import AffairItem, ReviewDutyKind
from residents.common.forms import ProjectForm


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class _UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DepartmentForm(ProjectForm):
    name = forms.CharField(label=_("Name of the department"), max_length=100)
    members = _UsersChoice(
        label=_("Members (give the initial review of its affairs)"), queryset=None,
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = staff_who_handle()


class WindowForm(ProjectForm):
    name = forms.CharField(label=_("Name of the window"), max_length=100)
    items = forms.ModelMultipleChoiceField(
        label=_("Affairs handled at this window"), queryset=AffairItem.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    staff = _UsersChoice(
        label=_("Staff on duty"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Open"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = AffairItem.objects.filter(is_active=True)
        self.fields["staff"].queryset = staff_who_handle()


class ReviewDutyForm(ProjectForm):
    user = _UserChoice(label=_("Staff member"), queryset=None, empty_label=_("Choose"))
    duty = forms.ChoiceField(label=_("Duty"), choices=ReviewDutyKind.choices)
    title = forms.CharField(
        label=_("Title or authorisation"), max_length=100,
        help_text=_("e.g. 分管副主任, 社区主任, or the authorisation it rests on."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )


class ReassignForm(ProjectForm):
    handler = _UserChoice(label=_("New handler"), queryset=None, empty_label=_("Choose"))
    reason = text_field(_("Reason"), max_length=500, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_who_handle()
