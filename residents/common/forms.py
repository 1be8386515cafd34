"""What every page does with a service's refusal."""

from __future__ import annotations

from django import forms

from residents.common.errors import ActionRefused


def add_refusal(form: forms.BaseForm, refusal: ActionRefused) -> None:
    """Show a refusal on its form: next to the field it names, else above the form.

    A refusal may name a field this form does not have (a service serves several pages).
    """
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)
