"""Forms of change requests and change notices.

The proposed values are checked by the registration form itself (ID number check digit and
its agreement with birth date and gender, phone format, dates): one set of rules for typing a
record in and for changing it. The rules about requests live in casework/change/services.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import text_field
from casework.change.services import field_order, shown_display
from residents.access.policy import FieldPolicy
from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future
from residents.models import Resident
from residents.people.forms import RegistrationForm


class ChangeFieldsForm(RegistrationForm):
    """One input per field the user may change, filled with the value the user may see.

    Fields the user may type but not read (write-only, or shown masked) start empty: left
    empty they keep the recorded value, typed they propose a new one.
    """

    def __init__(self, *args, policy: FieldPolicy, instance: Resident, **kwargs):
        super().__init__(*args, policy=policy, instance=instance, **kwargs)
        del self.fields["confirm_not_duplicate"]
        # Document numbers are recorded at registration, not changed field by field.
        for document, name in self.document_fields.items():
            del self.fields[name], self.fields[f"document_scan_{document}"]
        self.document_fields = {}
        self.policy = policy
        self.order_fields(sorted(self.fields, key=field_order))

    def rows(self) -> list[dict]:
        """Each field with the current value as the user may see it (None: not shown)."""
        return [
            {
                "field": self[name],
                "current": shown_display(
                    self.policy, name, getattr(self.instance, name), self.instance
                ),
            }
            for name in self.fields
        ]

    def proposed(self) -> dict[str, Any]:
        """The typed values for the service; untouched write-only fields are left out unless
        they follow a newly typed ID number (the date of birth)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.fields
            and (
                name not in self.write_only
                or name in self.derived
                or self.data.get(self.add_prefix(name))
            )
        }


class ChangeReasonForm(ProjectForm):
    reason = text_field(_("Reason for the change"), max_length=1000, rows=3)
    checked_documents = forms.CharField(
        label=_("Documents checked"), max_length=100,
        help_text=_("The originals seen for this change, e.g. 居民身份证原件、户口簿."),
    )
    happened_on = forms.DateField(
        label=_("The change happened on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_not_future],
        help_text=_("e.g. the day of the move or of the new job; changes are to be declared "
                    "within the set time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Why the record must change, in the resident's words or as stated on the documents."
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"reason": data["reason"], "documents": data["checked_documents"],
                "happened_on": data["happened_on"]}


class ChangeNoticeForm(ProjectForm):
    subject = forms.CharField(
        label=_("Subject"), max_length=200,
        help_text=_("In a few words, e.g. 居住地址可能已变更."),
    )
    details = text_field(_("What seems wrong or outdated"), max_length=2000, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].help_text = _(
            "What was noticed, where and when; the resident confirms the new values at the "
            "window."
        )


class ChangeApproveForm(ProjectForm):
    reason = text_field(_("Decision and reason"), required=False, max_length=1000, rows=2)


class ChangeRebaseForm(ProjectForm):
    reason = text_field(_("Reason"), max_length=1000, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "e.g. the address was corrected by another request; the resident confirms the rest."
        )
