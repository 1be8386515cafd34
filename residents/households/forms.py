"""Forms of the household and social contact pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm, name_field
from residents.common.validation import normalise_phone, validate_not_future
from residents.households.selectors import household_by_number
from residents.models import Household, Relationship, Resident
from residents.people.selectors import resident_by_archive_number

NOT_HEAD = [(value, label) for value, label in Relationship.choices if value != Relationship.HEAD]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), initial=timezone.localdate,
        validators=[validate_not_future],
    )


def archive_number_resident(user, value: str, *, verified_only: bool = False) -> Resident:
    """The resident a form's archive number names, or one plain error.

    One message whether the number is unknown or names somebody the user may not see
    (residents.people.selectors.resident_by_archive_number).
    """
    resident = resident_by_archive_number(user, value, verified_only=verified_only)
    if resident is None:
        raise forms.ValidationError(
            _("No resident has this archive number. Check the number and try again."),
            code="unknown_archive_number",
        )
    return resident


def archive_number_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        help_text=_("As printed on the registration slip, e.g. JM-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "JM-2026-000123"}),
    )


class _UserForm(ProjectForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class HouseholdCreateForm(_UserForm):
    number = forms.CharField(
        label=_("Household number"), max_length=30,
        help_text=_("As in the household register booklet."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=200)
    archive_number = archive_number_field(_("Archive number of the head of household"))
    joined_on = date_field(_("Head since"))

    def clean_archive_number(self) -> Resident:
        return archive_number_resident(self.user, self.cleaned_data["archive_number"])

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split()).upper()
        if Household.objects.filter(number=number).exists():
            raise forms.ValidationError(_("A household with this number already exists."))
        return number


class MemberAddForm(_UserForm):
    archive_number = archive_number_field(_("Archive number of the new member"))
    relationship = forms.ChoiceField(label=_("Relationship to the head"), choices=NOT_HEAD)
    joined_on = date_field(_("Joined on"))

    def __init__(self, *args, allow_head: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_head:
            # A household whose head has left may take a new head as a new member.
            self.fields["relationship"].choices = Relationship.choices

    def clean_archive_number(self) -> Resident:
        return archive_number_resident(self.user, self.cleaned_data["archive_number"])


class MembershipMoveForm(_UserForm):
    household_number = forms.CharField(
        label=_("Number of the household moved to"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head of that household"), choices=Relationship.choices
    )
    moved_on = date_field(_("Moved on"))

    def clean_household_number(self) -> Household:
        household = household_by_number(self.user, self.cleaned_data["household_number"])
        if household is None:
            raise forms.ValidationError(
                _("No household has this number. Create the household first.")
            )
        return household


class MembershipEndForm(ProjectForm):
    left_on = date_field(_("Left on"))


class ChangeHeadForm(ProjectForm):
    new_head = forms.TypedChoiceField(label=_("New head of household"), coerce=int)
    former_head_relationship = forms.ChoiceField(
        label=_("The former head's relationship to the new head"), choices=NOT_HEAD,
        required=False,
    )

    def __init__(self, *args, candidates, has_head: bool, **kwargs):
        """`candidates`: (membership pk, label) of current members who are not the head."""
        super().__init__(*args, **kwargs)
        self.has_head = has_head
        self.fields["new_head"].choices = candidates
        if not has_head:
            del self.fields["former_head_relationship"]

    def clean(self):
        cleaned = super().clean()
        if self.has_head and not cleaned.get("former_head_relationship"):
            self.add_error(
                "former_head_relationship",
                _("Choose the former head's new relationship to the head."),
            )
        return cleaned


class SocialContactForm(ProjectForm):
    name = name_field(_("Name"))
    relationship = forms.CharField(
        label=_("Relationship"), max_length=30,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. daughter, neighbour, colleague")}),
    )
    phone = forms.CharField(
        label=_("Contact phone"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])
