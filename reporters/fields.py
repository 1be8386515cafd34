"""Form fields the reporters' forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from residents.people.forms import DATE_WIDGET

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time of this era: a year such as 0001 is refused as invalid, not turned into
    an error when the time zone is applied."""

    def to_python(self, value):
        try:
            parsed = super().to_python(value)
        except OverflowError:
            parsed = None
            out_of_range = True
        else:
            out_of_range = parsed is not None and not 1900 <= parsed.year <= 2100
        if out_of_range:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def datetime_field(label, *, required: bool = True) -> forms.DateTimeField:
    return BoundedDateTimeField(
        label=label, required=required, input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
    )


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, initial=timezone.localdate
    )


def text(label, *, max_length: int, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def now_local() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL_FORMAT)
