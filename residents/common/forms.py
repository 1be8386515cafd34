"""What every form shares: the base form, the name field, and a service's refusal on a form."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
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


# The widgets `plain_form_html` writes itself; a form with any other falls back to Django's.
_PLAIN_WIDGETS = (forms.TextInput, forms.NumberInput, forms.Select)


def _attrs_html(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(bound: forms.BoundField) -> str:
    """The field's widget as Django's widget templates write it, from the widget's own context
    (attributes, formatted value, options): only the template rendering is left out."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name = escape(context["name"])
    if isinstance(widget, forms.Select):
        options = []
        for group_name, group_choices, _index in context["optgroups"]:
            if group_name:
                options.append(f'<optgroup label="{escape(group_name)}">')
            options.extend(
                f'<option value="{escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                f'{escape(option["label"])}</option>'
                for option in group_choices
            )
            if group_name:
                options.append("</optgroup>")
        return f'<select name="{name}"{_attrs_html(context["attrs"])}>{"".join(options)}</select>'
    value = context["value"]
    value_html = f' value="{escape(value)}"' if value is not None else ""
    return (
        f'<input type="{escape(context["type"])}" name="{name}"{value_html}'
        f'{_attrs_html(context["attrs"])}>'
    )


def plain_form_html(form: forms.BaseForm) -> str:
    """A search form as Django's `as_p` writes it (the same elements, attributes and error
    lists), written here: Django renders each label, error list, widget and option through a
    template of its own, about sixty renders and five milliseconds for a five-field filter bar
    shown on every page of a list. Forms with other widgets, hidden fields, help texts or errors
    of the whole form are left to `as_p`."""
    fields = list(form)
    if (
        form.non_field_errors()
        or any(not isinstance(bound.field.widget, _PLAIN_WIDGETS) for bound in fields)
        or any(bound.is_hidden or bound.help_text for bound in fields)
    ):
        return form.as_p()
    parts = []
    for bound in fields:
        if bound.errors:
            items = "".join(f"<li>{escape(error)}</li>" for error in bound.errors)
            parts.append(f'<ul class="errorlist" id="{escape(bound.auto_id)}_error">{items}</ul>')
        label = conditional_escape(bound.label)
        suffix = form.label_suffix if bound.field.label_suffix is None else bound.field.label_suffix
        if suffix and label and label[-1] not in gettext(":?.!"):
            label = f"{label}{suffix}"
        parts.append(
            f'<p><label for="{escape(bound.id_for_label)}">{label}</label>{_widget_html(bound)}</p>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value went through escape
