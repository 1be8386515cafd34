"""Forms of the exceptional-access pages (ACC-2): request, approve, reject."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.access.services import DEFAULT_DURATION, MAX_DURATION
from residents.common.forms import ProjectForm
from residents.models import GrantScope, Resident
from residents.people.selectors import ARCHIVE_NUMBER_RE, normalise_archive_number

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_local(value) -> str:
    """An aware datetime as a datetime-local input value in the centre's time zone."""
    return timezone.localtime(value).strftime(DATETIME_LOCAL_FORMAT)


def default_expiry() -> str:
    return datetime_local(timezone.now() + DEFAULT_DURATION)


def latest_expiry() -> str:
    return datetime_local(timezone.now() + MAX_DURATION)


class GrantRequestForm(ProjectForm):
    archive_number = forms.CharField(
        label=_("Archive number of the resident"),
        max_length=20,
        help_text=_("As printed on the registration slip, e.g. JM-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "JM-2026-000123"}),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=4,
        max_length=500,
        help_text=_("What the access is for, e.g. checking the documents of an application."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=GrantScope.choices, initial=GrantScope.SERVICE
    )

    def clean_archive_number(self) -> Resident:
        """The resident with this archive number; an unknown number gets one plain error.

        The requester may not see residents, so the lookup returns the resident only to the
        service; nothing of it (not even whether it exists under another status) is shown.
        """
        # Not resident_by_archive_number: that one is scoped to the residents the user may
        # already see, and a requester typically sees none.
        number = normalise_archive_number(self.cleaned_data["archive_number"])
        resident = None
        if ARCHIVE_NUMBER_RE.match(number):
            resident = Resident.objects.filter(archive_number=number).only("pk").first()
        if resident is None:
            raise forms.ValidationError(
                _("No resident has this archive number. Check the number and try again."),
                code="unknown_archive_number",
            )
        return resident

    def clean_purpose(self) -> str:
        purpose = " ".join(self.cleaned_data["purpose"].split())
        if len(purpose) < 4:
            raise forms.ValidationError(_("State the purpose of the access in a few words."))
        return purpose


class GrantApproveForm(ProjectForm):
    expires_at = forms.DateTimeField(
        label=_("Access ends at"),
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
        help_text=_("At most 30 days from now."),
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GrantRejectForm(ProjectForm):
    note = forms.CharField(
        label=_("Reason for rejecting"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say why the request is rejected."))
        return note
