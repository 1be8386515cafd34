"""What every form shares: the name field, and a service's refusal on a form."""

from __future__ import annotations

from django import forms

from residents.common.errors import ActionRefused
from residents.common.validation import NAME_MAX_LENGTH, NAME_TOO_LONG_MESSAGE


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
