"""Forms of the query requests (QRY-1): opening, the identity check, the result print.

The rules live in casework/query/services.py; forms check the shape of input and put each
message next to its field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.query.services import PURPOSE_MAX_LENGTH, IdentityDocumentChecked
from residents.common.forms import ProjectForm

IDENTITY_PREFIX = "identity"


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
