"""Forms of the special-register pages (CLS-3). The rules live in residents/register_services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.models import (
    DisabilityCategory,
    DisabilityLevel,
    HardshipKind,
    KeyPersonCategory,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _text(label, *, required: bool = True, max_length: int = 2000, rows: int = 3):
    return forms.CharField(
        label=label, required=required, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _blank_first(choices):
    return [("", "———"), *choices]


class EntryDatesMixin(ProjectForm):
    start_date = _date(_("Start date"))
    end_date = _date(
        _("End date"), required=False, help_text=_("Leave empty while the entry is in force.")
    )
    review_date = _date(_("Review date"), help_text=_("When the entry is next reviewed."))
    note = _text(_("Note"), required=False)


class HardshipEntryForm(EntryDatesMixin):
    field_order = [
        "kind", "disability_category", "disability_level", "start_date", "end_date",
        "review_date", "note",
    ]

    kind = forms.ChoiceField(label=_("Kind"), choices=_blank_first(HardshipKind.choices))
    disability_category = forms.ChoiceField(
        label=_("Disability category"),
        choices=_blank_first(DisabilityCategory.choices),
        required=False,
        help_text=_("Required for a person with a disability."),
    )
    disability_level = forms.ChoiceField(
        label=_("Disability level"),
        choices=_blank_first(DisabilityLevel.choices),
        required=False,
        help_text=_("Required for a person with a disability."),
    )


class KeyPersonEntryForm(EntryDatesMixin):
    field_order = ["category", "start_date", "end_date", "review_date", "note"]

    category = forms.ChoiceField(
        label=_("Category"), choices=_blank_first(KeyPersonCategory.choices)
    )


class EntryEndForm(ProjectForm):
    prefix = "end"
    end_date = _date(_("End date"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReviewDoneForm(ProjectForm):
    prefix = "review"
    next_review_date = _date(_("Next review date"))


class HelpLedgerForm(ProjectForm):
    prefix = "help"
    date = _date(_("Date"))
    help_given = _text(_("Help given"))
    given_by = forms.CharField(
        label=_("Given by"), max_length=100,
        help_text=_("Who gave the help, e.g. a staff member, volunteer or organisation."),
    )
    next_step = _text(_("Next step"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class KeyPersonVisitForm(ProjectForm):
    prefix = "visit"
    visited_on = _date(_("Visited on"))
    summary = _text(_("Summary"), rows=4)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
