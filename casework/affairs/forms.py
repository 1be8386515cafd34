"""Forms of the affairs catalogue and of acceptance at the window.

Forms check the shape of the input; the rules (unique names, offered items, the checklist)
live in casework/affairs/catalogue.py and casework/affairs/services.py.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.engine.services import MAX_TIME_LIMIT_DAYS, MIN_TIME_LIMIT_DAYS
from casework.models import AffairItem, Department, Eligibility
from residents.common.forms import ProjectForm, name_field
from residents.common.validation import normalise_phone
from residents.households.forms import archive_number_field, archive_number_resident
from residents.models import Resident


class AffairItemForm(ProjectForm):
    name = forms.CharField(
        label=_("Name of the affair"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    legal_basis = text_field(
        _("Legal basis"), max_length=2000, rows=3,
    )
    materials = text_field(_("Required materials"), max_length=4000, rows=6)
    procedure = text_field(_("Procedure"), max_length=4000, rows=6)
    time_limit_days = forms.IntegerField(
        label=_("Time limit (working days)"),
        min_value=MIN_TIME_LIMIT_DAYS, max_value=MAX_TIME_LIMIT_DAYS,
        help_text=_("Counted in working days from full acceptance, between 1 and 365."),
    )
    needs_second_review = forms.BooleanField(
        label=_("Complex affair: needs a second review by a supervisor"), required=False,
    )
    reveals_status = forms.BooleanField(
        label=_("Reveals economic or health status (低保, 特困, disability, serious illness)"),
        required=False,
        help_text=_(
            "The details of its cases are shown only to the staff who handle them and to "
            "managers; other staff see a neutral label. Always on for affairs whose name "
            "mentions 低保, 特困, 残疾 or a serious illness."
        ),
    )

    department = forms.ModelChoiceField(
        label=_("Business department (initial review)"), required=False,
        queryset=Department.objects.filter(is_active=True), empty_label=_("None named yet"),
        help_text=_(
            "Its members give the written initial review; once named, the second review and "
            "the final approval belong to the staff given those duties."
        ),
    )
    eligibility = forms.ChoiceField(
        label=_("Who may apply"), choices=Eligibility.choices, initial=Eligibility.ALL,
        required=False,
    )
    initial_review_days = forms.IntegerField(
        label=_("Initial review limit (working days)"), min_value=0,
        max_value=MAX_TIME_LIMIT_DAYS, initial=0, required=False,
        help_text=_("0: no limit of its own. The steps' limits add up to at most the time limit."),
    )
    second_review_days = forms.IntegerField(
        label=_("Second review limit (working days)"), min_value=0,
        max_value=MAX_TIME_LIMIT_DAYS, initial=0, required=False,
    )
    approval_days = forms.IntegerField(
        label=_("Final approval limit (working days)"), min_value=0,
        max_value=MAX_TIME_LIMIT_DAYS, initial=0, required=False,
    )

    field_order = [
        "name", "legal_basis", "materials", "procedure", "time_limit_days",
        "needs_second_review", "reveals_status", "department", "eligibility",
        "initial_review_days", "second_review_days", "approval_days",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].help_text = _(
            "The law, regulation or policy document, with its article."
        )
        self.fields["materials"].help_text = _(
            "One material per line, as the applicant must bring it, e.g. 户口簿原件及复印件."
        )
        self.fields["procedure"].help_text = _("One step per line, in order.")


class AffairItemChangeForm(AffairItemForm):
    is_active = forms.BooleanField(
        label=_("Offered at the window and published in the service guide"), required=False,
        help_text=_("Untick to retire the affair; cases already accepted are not affected."),
    )


class AffairChooseForm(ProjectForm):
    """Step one of acceptance: which affair (its checklist depends on it)."""

    item = forms.ModelChoiceField(
        label=_("Affair"), queryset=AffairItem.objects.filter(is_active=True),
        empty_label=_("Choose an affair"),
        error_messages={
            "invalid_choice": _("This affair is not offered; choose one from the list."),
        },
    )


class AffairAcceptForm(ProjectForm):
    """Step two: the resident, the applicant and the materials handed in now."""

    item = forms.ModelChoiceField(
        queryset=AffairItem.objects.filter(is_active=True), widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("This affair is no longer offered; choose another one."),
            "required": _("Choose an affair."),
        },
    )
    archive_number = archive_number_field(_("Archive number of the resident"))
    applicant_name = name_field(
        _("Applicant, if not the resident in person"), required=False,
        help_text=_("e.g. a family member applying on the resident's behalf."),
    )
    applicant_contact = forms.CharField(
        label=_("Applicant's contact phone"), max_length=20, required=False,
        help_text=_("For telling the applicant the result; leave empty if none is given."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    details = text_field(_("Particulars"), required=False, max_length=2000, rows=3)
    received = forms.MultipleChoiceField(
        label=_("Materials received now"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, item: AffairItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.item = item
        self.fields["item"].initial = item.pk
        self.fields["received"].choices = [(name, name) for name in item.material_names]
        self.fields["received"].help_text = _(
            "Tick each material the applicant hands in now; the missing ones are listed on "
            "the one-time notice."
        )
        self.fields["details"].help_text = _(
            "What the applicant asks for, in a few words."
        )

    def clean_archive_number(self) -> Resident:
        # Among the residents this user may see only: any other answers "not found".
        return archive_number_resident(self.user, self.cleaned_data["archive_number"])

    def clean_applicant_contact(self) -> str:
        return normalise_phone(self.cleaned_data["applicant_contact"])

    def service_arguments(self) -> dict:
        """The cleaned data in the terms of affair_services.affair_accept."""
        data = self.cleaned_data
        return {
            "item": data["item"],
            "resident": data["archive_number"],
            "applicant_name": data["applicant_name"],
            "applicant_contact": data["applicant_contact"],
            "details": data["details"],
            "received": data["received"],
        }


class MaterialsCompleteForm(ProjectForm):
    reason = text_field(_("Note"), required=False, max_length=1000, rows=2)
