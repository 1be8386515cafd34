"""Forms of complaints and suggestions: staff registration, the public online form, and
publishing on the board. The rules live in casework/complaints/services.py; forms check the
shape of input and put each message next to its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.complaints.services import STAFF_CHANNELS, SUBJECT_MAX_LENGTH, ComplaintType
from casework.models import CaseChannel
from residents.common.forms import ProjectForm, honeypot_field, name_field
from residents.common.validation import normalise_phone
from residents.households.forms import archive_number_field, archive_number_resident

CONTENT_MAX_LENGTH = 2000
# The honeypot: invisible to people, filled by form-filling robots.


def _type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Complaint or suggestion"), choices=ComplaintType.choices,
        initial=ComplaintType.COMPLAINT, widget=forms.RadioSelect,
    )


def _subject_field() -> forms.CharField:
    return forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX_LENGTH,
        help_text=_("In a few words, e.g. 楼道堆放杂物 or 建议增设休息座椅."),
    )


def _single_spaced(value: str) -> str:
    return " ".join(value.split())


class ComplaintRegisterForm(ProjectForm):
    """A complaint or suggestion taken at the window or by the hotline."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        initial=CaseChannel.WINDOW, widget=forms.RadioSelect,
    )
    complaint_type = _type_field()
    archive_number = archive_number_field(_("Archive number of the resident (if registered)"))
    applicant_name = name_field(
        _("Name of the person complaining"), required=False,
        help_text=_("Needed when the person is not a registered resident."),
    )
    applicant_contact = forms.CharField(
        label=_("Contact phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    subject = _subject_field()
    details = text_field(_("Content"), max_length=CONTENT_MAX_LENGTH, rows=6)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["archive_number"].required = False

    def clean_archive_number(self):
        value = self.cleaned_data["archive_number"].strip()
        # A resident the user may not see is "not found", like an unknown number.
        return archive_number_resident(self.user, value) if value else None

    def clean_applicant_name(self) -> str:
        return _single_spaced(self.cleaned_data["applicant_name"])

    def clean_applicant_contact(self) -> str:
        return normalise_phone(self.cleaned_data["applicant_contact"])

    def clean(self):
        data = super().clean()
        if (
            "archive_number" in data and data["archive_number"] is None
            and "applicant_name" in data and not data["applicant_name"]
        ):
            self.add_error(
                "applicant_name",
                _("Give the name of the person complaining, or the archive number of the "
                  "resident."),
            )
        return data

    def service_arguments(self) -> dict:
        """The cleaned data in the terms of complaint_services.complaint_register."""
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "complaint_type": data["complaint_type"],
            "resident": data["archive_number"],
            "applicant_name": data["applicant_name"],
            "applicant_contact": data["applicant_contact"],
            "subject": data["subject"],
            "details": data["details"],
        }


class OnlineComplaintForm(ProjectForm):
    """The public form (no login): who to reply to, what it is about, and consent."""

    complaint_type = _type_field()
    name = name_field(_("Your name"))
    contact = forms.CharField(
        label=_("Your phone number"), max_length=30,
        help_text=_("We call or text you about the result, e.g. 13812345678 or 010-12345678."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    subject = _subject_field()
    details = text_field(
        _("Your complaint or suggestion"), max_length=CONTENT_MAX_LENGTH, rows=6,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the service centre uses my name and phone number to handle this "
            "complaint or suggestion and to tell me the result. They are not published."
        ),
        error_messages={
            "required": _("Tick this box: without it we cannot handle your complaint."),
        },
    )
    website = honeypot_field()

    def clean_name(self) -> str:
        return _single_spaced(self.cleaned_data["name"])

    def clean_contact(self) -> str:
        return normalise_phone(self.cleaned_data["contact"])

    def service_arguments(self) -> dict:
        """The cleaned data in the terms of complaint_services.complaint_submit_online."""
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("name", "contact", "complaint_type", "subject", "details", "consent")
        }


class PublishForm(ProjectForm):
    summary = text_field(
        _("Public summary"), max_length=1000, rows=3,
    )
    result = text_field(_("Public result"), max_length=1000, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="publish", **kwargs)
        self.fields["summary"].help_text = _(
            "What the complaint was about, in general terms, e.g. 反映某小区楼道堆放杂物."
        )
        self.fields["result"].help_text = _("How it was handled, e.g. 已协调物业清理完毕.")


class UnpublishForm(ProjectForm):
    reason = text_field(_("Reason"), required=False, max_length=500, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="unpublish", **kwargs)
