from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.access.fields import FIELD_LABELS, REGISTRATION_SECTIONS, VOLUNTARY_FIELDS
from residents.access.policy import FieldPolicy
from residents.common.forms import ProjectForm, name_field, reprint_reason_field
from residents.common.validation import (
    birth_date_from_id_number,
    gender_from_id_number,
    normalise_phone,
    validate_birth_date,
    validate_id_number,
    validate_not_future,
)
from residents.models import (
    DOCUMENTS_CARRYING_ID_NUMBER,
    Channel,
    EducationLevel,
    Gender,
    HukouMoveKind,
    HukouType,
    IdentityDocument,
    ResidenceType,
    Resident,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Fields the ID number determines (ResidentDetailsForm.clean fills them from it).
ID_DERIVED = frozenset({"birth_date", "gender"})


VOLUNTARY_HELP = _("Voluntary: kept only with the resident's consent.")
NO_CONSENT_MESSAGE = _(
    "This information is voluntary: without the resident's consent it cannot be kept. Tick "
    "the consent box below or leave this empty."
)


class ResidentDetailsForm(ProjectForm):
    """The fields a registration collects (REG-1, REG-2), with the cross-checks of REG-8."""

    name = name_field()
    id_number = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                      "data-id-number": "1"}),
    )
    gender = forms.ChoiceField(
        choices=[("", "—")] + list(Gender.choices), required=False,
        help_text=_("Filled from the ID number."),
    )
    birth_date = forms.DateField(
        widget=DATE_WIDGET, required=False,
        help_text=_("Filled from the ID number."),
    )
    hukou_location = forms.CharField(max_length=200)
    hukou_moved_in_on = forms.DateField(
        widget=DATE_WIDGET, required=False,
        validators=[validate_not_future],
    )
    address = forms.CharField(max_length=200)
    residence_type = forms.ChoiceField(choices=ResidenceType.choices)
    living_since = forms.DateField(
        widget=DATE_WIDGET, required=False,
        validators=[validate_not_future],
    )
    phone = forms.CharField(
        max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    service_needs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hukou_type = forms.ChoiceField(
        choices=HukouType.choices,
        initial=HukouType.REGISTERED,
    )
    area = forms.CharField(
        max_length=50, required=False,
        help_text=_("The estate or grid, e.g. 幸福小区."),
    )
    remarks = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels come from the one declaration of resident fields unless the form words a
        # field as a question to the resident.
        for name, field in self.fields.items():
            if field.label is None and name in FIELD_LABELS:
                field.label = FIELD_LABELS[name]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        if not value and not self.fields["id_number"].required:
            return ""  # a write-only field left blank: the stored number is kept
        return validate_id_number(value)

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        # A crafted POST naming a record field this form does not offer is refused whole.
        record_fields = {field.name for field in Resident._meta.concrete_fields}
        unexpected = sorted(key for key in self.data if key in record_fields - set(self.fields))
        if unexpected:
            raise forms.ValidationError(
                _("This form may not change: %(fields)s.") % {"fields": ", ".join(unexpected)},
                code="unexpected_fields",
            )
        number = data.get("id_number")
        if number:
            expected_birth = birth_date_from_id_number(number)
            expected_gender = gender_from_id_number(number)
            if "birth_date" in self.fields and not self.has_error("birth_date"):
                given = data.get("birth_date")
                if given and given != expected_birth:
                    self.add_error(
                        "birth_date",
                        _("Does not match the ID number, which gives %(date)s.")
                        % {"date": expected_birth.isoformat()},
                    )
                else:
                    data["birth_date"] = expected_birth
            if "gender" in self.fields:
                given = data.get("gender")
                if given and given != expected_gender:
                    self.add_error(
                        "gender",
                        _("Does not match the ID number, which gives %(gender)s.")
                        % {"gender": Gender(expected_gender).label},
                    )
                else:
                    data["gender"] = expected_gender
        elif "birth_date" in self.fields and data.get("birth_date"):
            try:
                validate_birth_date(data["birth_date"])
            except forms.ValidationError as error:
                self.add_error("birth_date", error)
        birth = data.get("birth_date")
        for field in ("hukou_moved_in_on", "living_since"):
            value = data.get(field)
            if not (birth and value) or self.has_error(field):
                continue
            if self.birth_date_hidden():
                # The user sees only the birth year: an answer that depended on the day (or
                # on the recorded date) would tell the day, a few tries at a time. Within the
                # birth year only a date left as recorded passes without the ID number.
                if value.year < birth.year:
                    self.add_error(field, _("This date cannot be before the year of birth."))
                elif value.year == birth.year and self.typed(field):
                    self.add_error(
                        field,
                        _("This date is in the year of birth: type the ID number again from "
                          "the card so that it can be checked against the date of birth."),
                    )
            elif value < birth:
                self.add_error(field, _("This date cannot be before the date of birth."))
        return data

    def birth_date_hidden(self) -> bool:
        """Is the date of birth checked against one the user may not see?"""
        return False

    def typed(self, name: str) -> bool:
        return bool(self.data.get(self.add_prefix(name)))


class RegistrationForm(ResidentDetailsForm):
    """Staff registration at the window; on edit, fields the user may not read are write-only."""

    is_floating = forms.BooleanField(required=False)
    floating_arrived_on = forms.DateField(
        widget=DATE_WIDGET, required=False,
        validators=[validate_not_future],
    )
    floating_expected_until = forms.DateField(
        widget=DATE_WIDGET, required=False
    )
    employer = forms.CharField(max_length=100, required=False)
    occupation = forms.CharField(max_length=50, required=False)
    position = forms.CharField(max_length=50, required=False)
    work_contact = forms.CharField(max_length=50, required=False)
    education_level = forms.ChoiceField(
        choices=[("", "—")] + list(EducationLevel.choices),
        required=False,
    )
    school = forms.CharField(max_length=100, required=False)
    major = forms.CharField(max_length=50, required=False)

    documents_checked = forms.MultipleChoiceField(
        choices=IdentityDocument.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each original document you have seen."),
    )
    consent_optional = forms.BooleanField(
        label=_("The resident consents to giving the optional information"),
        required=False,
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is not the same person as the records listed above"),
        required=False,
    )
    # Fields of the form that are not fields of the record.
    NOT_RECORD_FIELDS = frozenset({"confirm_not_duplicate", "channel"})

    def __init__(
        self, *args, policy: FieldPolicy, instance: Resident | None = None,
        channels: tuple[str, ...] = (), **kwargs,
    ):
        self.instance = instance
        self.write_only: set[str] = set()
        # Write-only fields left blank that take their value from a newly typed ID number.
        self.derived: set[str] = set()
        if instance is not None:
            kwargs.setdefault("initial", self._initial_from(instance, policy))
        super().__init__(*args, **kwargs)
        if channels:
            # Where staff meet the resident (REG-6): at the window, or on a home visit.
            self.fields["channel"] = forms.ChoiceField(
                label=_("Channel"),
                choices=[(c, label) for c, label in Channel.choices if c in channels],
                initial=Channel.WINDOW,
                required=False,  # not sent: at the window
            )
        for name in list(self.fields):
            if name in self.NOT_RECORD_FIELDS:
                continue
            if not policy.can_edit(name):
                del self.fields[name]
            elif instance is not None and policy.is_write_only(name, instance):
                # The stored value is never sent back; blank keeps it.
                self.write_only.add(name)
                field = self.fields[name]
                field.required = False
                shown = policy.display_value(instance, name)
                field.widget.attrs["placeholder"] = shown or _("Recorded; retype to correct")
                field.help_text = _("Leave blank to keep the recorded value.")
        for name in VOLUNTARY_FIELDS:
            if name in self.fields:
                field = self.fields[name]
                field.voluntary = True
                field.help_text = " ".join(
                    filter(None, [str(field.help_text or ""), str(VOLUNTARY_HELP)])
                )
        self.document_fields: dict[str, str] = {}
        if "documents_checked" in self.fields and "id_number" in self.fields:
            # The number of each document checked (REG-2).
            for document, label in IdentityDocument.choices:
                name = f"document_number_{document}"
                self.fields[name] = forms.CharField(
                    label=_("Number of the %(document)s") % {"document": label},
                    max_length=30, required=False,
                    help_text=_("Leave empty to use the ID number.")
                    if document in DOCUMENTS_CARRYING_ID_NUMBER else "",
                    widget=forms.TextInput(attrs={"autocomplete": "off"}),
                )
                self.document_fields[document] = name
                self.fields[f"document_scan_{document}"] = forms.FileField(
                    label=_("Scan of the %(document)s (PDF, JPG or PNG, optional)")
                    % {"document": label},
                    required=False,
                )

    def sections(self) -> list[dict]:
        """The form's labelled sections (residents.access.fields.REGISTRATION_SECTIONS) with
        the bound fields this form has; the document inputs follow the documents checked."""
        sections = []
        for key, label, names in REGISTRATION_SECTIONS:
            fields = []
            for name in names:
                if name in self.fields:
                    fields.append(self[name])
                if name == "documents_checked":
                    fields.extend(self.document_number_fields())
            if fields:
                sections.append({"key": key, "label": label, "fields": fields})
        return sections

    def document_number_fields(self):
        """Number and scan inputs, document by document."""
        return [
            self[name]
            for document, number_name in self.document_fields.items()
            for name in (number_name, f"document_scan_{document}")
        ]

    def document_scans(self) -> dict[str, bytes]:
        """The scans uploaded, by document (checked and stored by the document store)."""
        scans = {}
        for document in self.document_fields:
            upload = self.cleaned_data.get(f"document_scan_{document}")
            if upload:
                scans[document] = upload.read()
        return scans

    def document_numbers(self) -> dict[str, str]:
        """The numbers typed for the documents checked (untyped ones keep or take the ID
        number: residents.people.services.documents_record)."""
        return {
            document: self.cleaned_data[name]
            for document, name in self.document_fields.items()
            if self.cleaned_data.get(name)
        }

    @staticmethod
    def _initial_from(instance: Resident, policy: FieldPolicy) -> dict:
        return {
            name: getattr(instance, name)
            for name in RegistrationForm.base_fields
            if policy.sees_in_full(instance, name)
        }

    def clean(self):
        data = self.cleaned_data
        if data.get("is_floating") and not data.get("floating_arrived_on"):
            self.add_error(
                "floating_arrived_on", _("Give the arrival date of a floating resident.")
            )
        arrived, until = data.get("floating_arrived_on"), data.get("floating_expected_until")
        if arrived and until and until < arrived:
            self.add_error("floating_expected_until", _("This date cannot be before the arrival."))
        id_typed = self.typed("id_number")
        for name in self.write_only:
            if self.typed(name):
                continue
            if name in ID_DERIVED and id_typed:
                # Follows the ID number typed again (ResidentDetailsForm.clean fills it in).
                self.cleaned_data[name] = None
                self.derived.add(name)
            else:
                # Keep the stored value: validate and save as if it had been retyped.
                self.cleaned_data[name] = getattr(self.instance, name)
        if "consent_optional" in self.fields and not data.get("consent_optional"):
            # PRI-1: voluntary information is refused next to its field without consent.
            for name in VOLUNTARY_FIELDS:
                if name in self.fields and self.typed(name) and not self.has_error(name):
                    self.add_error(name, NO_CONSENT_MESSAGE)
        checked = set(data.get("documents_checked") or [])
        for document, name in self.document_fields.items():
            number = data.get(name, "")
            if data.get(f"document_scan_{document}") and document not in checked:
                self.add_error(
                    f"document_scan_{document}",
                    _("Tick this document as checked before attaching its scan."),
                )
            if number and document not in checked:
                self.add_error(
                    name, _("Tick this document as checked, or leave its number empty.")
                )
            elif (
                document in checked and not number
                and document not in DOCUMENTS_CARRYING_ID_NUMBER
                and not self._has_document(document)
            ):
                self.add_error(name, _("Give the number of this document."))
        if "birth_date" in self.write_only and self.typed("birth_date") and not id_typed:
            # Refused whatever the date typed: a "does not match" would be an oracle for the
            # date of birth the user may not see.
            self.add_error(
                "birth_date",
                _("The date of birth comes from the ID number: to correct it, type the ID "
                  "number again from the card."),
            )
        return super().clean()

    def _has_document(self, document: str) -> bool:
        return self.instance is not None and self.instance.pk is not None and (
            self.instance.identity_documents.filter(document_type=document).exists()
        )

    def birth_date_hidden(self) -> bool:
        # The recorded date of birth is used (not typed, nor following a typed ID number).
        return "birth_date" in self.write_only and not self.typed("id_number")

    def registration_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.NOT_RECORD_FIELDS and not name.startswith("document_")
        }

    def chosen_channel(self) -> str:
        return self.cleaned_data.get("channel") or Channel.WINDOW


class ReturnForm(ProjectForm):
    reason = forms.CharField(
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class PreRegistrationForm(ResidentDetailsForm):
    """The resident's own online declaration (REG-6); optional fields need consent (PRI-1)."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the centre may keep the optional information I give (phone, service "
            "needs, remarks) for community services."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        gave_optional = any(data.get(name) for name in ("phone", "service_needs", "remarks"))
        if gave_optional and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick the consent box, or leave the optional fields (phone, service needs, "
                  "remarks) empty."),
            )
        return data


ALLOWED_SCAN_SIGNATURES = {
    b"%PDF-": ".pdf",
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
}


class SlipPrintForm(ProjectForm):
    reprint_reason = reprint_reason_field()


class SlipSignedForm(ProjectForm):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=DATE_WIDGET, initial=timezone.localdate,
        validators=[validate_not_future],
    )
    scan = forms.FileField(
        label=_("Scan of the signed slip (PDF, JPG or PNG, optional)"), required=False
    )

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if not scan:
            return None
        if scan.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        head = scan.read(8)
        scan.seek(0)
        for signature, extension in ALLOWED_SCAN_SIGNATURES.items():
            if head.startswith(signature):
                scan.name = f"scan{extension}"  # never keep the uploaded name: it may hold a name
                return scan
        raise forms.ValidationError(_("Only PDF, JPG or PNG files can be uploaded."))


class RevealForm(ProjectForm):
    """Why a front-desk user needs one masked value in full (ACC-3 reveal)."""

    field = forms.ChoiceField(
        choices=[("id_number", _("ID number")), ("phone", _("Contact phone"))]
    )
    reason = forms.CharField(
        label=_("Reason"),
        min_length=4,
        max_length=200,
        help_text=_("e.g. to compare with the original document at the window"),
    )


class HukouMoveForm(ProjectForm):
    """One dated move of the household registration (户籍变动情况)."""

    kind = forms.ChoiceField(label=_("Kind of move"), choices=HukouMoveKind.choices)
    moved_on = forms.DateField(
        label=_("Date of the move"), widget=DATE_WIDGET, validators=[validate_not_future]
    )
    from_place = forms.CharField(label=_("Moved from"), max_length=200, required=False)
    to_place = forms.CharField(label=_("Moved to"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
