"""What every form shares: the base form, the name field, and a service's refusal on a form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.common.errors import ActionRefused
from residents.common.validation import (
    NAME_MAX_LENGTH,
    NAME_TOO_LONG_MESSAGE,
    validate_visible_text,
)


class ProjectForm(forms.Form):
    """The base of every form of the project.

    Every text field (CharField and its kinds, passwords excepted) refuses invisible characters:
    a right-to-left override, a zero-width space or any other Unicode format or control
    character. Fields added in a subclass's `__init__` are covered too, since the check is added
    per form instance.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self)

    def full_clean(self):
        guard_text_fields(self)  # fields a subclass added after __init__
        super().full_clean()


def guard_text_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        # A password is never shown, and may hold any character its owner chose.
        if isinstance(field.widget, forms.PasswordInput):
            continue
        if isinstance(field, forms.CharField) and validate_visible_text not in field.validators:
            field.validators.append(validate_visible_text)


def name_field(label=None, *, required: bool = True, **kwargs) -> forms.CharField:
    """A person's name: at most NAME_MAX_LENGTH characters, refused with a plain message."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": NAME_TOO_LONG_MESSAGE},
        **kwargs,
    )


def add_refusal(form: forms.BaseForm, refusal: ActionRefused) -> None:
    """Show a refusal on its form: next to the field it names, else above the form.

    A refusal may name a field this form does not have (a service serves several pages).
    """
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


# The hidden field of the public forms: people leave it empty, robots fill it in. A submission
# with it filled gets the usual answer and saves nothing.
HONEYPOT_FIELD = "website"


def honeypot_field() -> forms.CharField:
    return forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def reprint_reason_field() -> forms.CharField:
    """The reason a slip or form is printed again (a jammed printer, a spoilt copy)."""
    return forms.CharField(
        label=_("Reason for printing again"), required=False, max_length=200,
        help_text=_("Only when this slip was printed before, e.g. the printer jammed."),
    )
