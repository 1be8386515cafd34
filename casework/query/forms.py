"""Forms of the query requests (QRY-1): opening, the identity check, the result print.

The rules live in casework/query/services.py; forms check the shape of input and put each
message next to its field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.query.services import PURPOSE_MAX_LENGTH, IdentityDocumentChecked
from residents.common.forms import ProjectForm, reprint_reason_field
from residents.common.validation import typed_id_number, validate_id_number

IDENTITY_PREFIX = "identity"
PRINT_PREFIX = "print"


class QueryOpenForm(ProjectForm):
    purpose = text_field(
        _("Purpose of the query"), max_length=PURPOSE_MAX_LENGTH, rows=3,
    )
    include_access_report = forms.BooleanField(
        label=_("The resident also wants the list of who viewed or changed their record"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].help_text = _(
            "As the resident states it on the query request form."
        )
        self.fields["purpose"].error_messages["required"] = _("State the purpose of the query.")


class IdentityCheckForm(ProjectForm):
    document = forms.ChoiceField(
        label=_("Identity document checked"), choices=IdentityDocumentChecked.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the identity document that was checked.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=200,
        help_text=_("Required for another document: name it."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", IDENTITY_PREFIX)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("document") == IdentityDocumentChecked.OTHER and not data.get("note", ""):
            self.add_error("note", _("Name the document that was checked."))
        return data


class UnechoedTextInput(forms.TextInput):
    """A text box that never sends a typed value back: a correct ID number typed for a print
    that was refused for another reason must not reach the page of a clerk who may not see it."""

    def format_value(self, value):
        return None


class ResultPrintForm(ProjectForm):
    """The print step of the query result slip: the ID number typed from the card presented.

    The form checks the shape only (a mistyped number is told at once and costs no try); the
    service compares it with the record and limits wrong tries.
    """

    id_number = forms.CharField(
        label=_("ID number on the card presented"), max_length=40,
        help_text=_(
            "Type the 18-character number from the identity card (or the household register "
            "booklet) the resident shows; spaces are ignored and x may be lowercase."
        ),
        error_messages={"required": _("Type the ID number from the card presented.")},
        widget=UnechoedTextInput(
            attrs={
                "autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters",
                "data-clear-on-submit": "",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", PRINT_PREFIX)
        super().__init__(*args, **kwargs)

    reprint_reason = reprint_reason_field()

    def clean_id_number(self) -> str:
        return validate_id_number(typed_id_number(self.cleaned_data["id_number"]))
