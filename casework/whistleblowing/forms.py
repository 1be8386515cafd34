"""Forms of the whistle-blowing channel: the public form, the hotline entry, a handling step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import WhistleblowingChannel
from residents.common.forms import ProjectForm, honeypot_field, name_field


class _ReportFields(ProjectForm):
    about = forms.CharField(
        label=_("Who or what is reported"), max_length=200,
        help_text=_("A staff member, a window or a department, and the matter."),
    )
    content = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where, what was done, who can confirm it."),
    )
    name = name_field(_("Name (optional)"), required=False)
    contact = forms.CharField(
        label=_("Phone or other contact (optional)"), max_length=50, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the supervision group keeps my name and contact to handle this "
                "report and to tell me the result. Only the supervision group and auditors "
                "see them."),
        required=False,
    )


class OnlineWhistleblowingForm(_ReportFields):
    website = honeypot_field()


class WhistleblowingRegisterForm(_ReportFields):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in WhistleblowingChannel.choices
                 if c[0] != WhistleblowingChannel.ONLINE],
    )
    field_order = ["channel", "about", "content", "name", "contact", "consent"]


class WhistleblowingStepForm(ProjectForm):
    note = forms.CharField(
        label=_("Conclusion or reason"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
