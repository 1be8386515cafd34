"""A list's search form written without Django's widget templates must be exactly the form
Django writes: the same labels, values, options, selections, error lists and ARIA attributes."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils import translation

from archives.volumes.forms import CatalogueFilterForm
from residents.common.forms import ProjectForm, plain_form_html


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "秀英", "year": "2024", "category": "registered", "content_class": "basic"},
        {"q": 'JM-2026-1"<b>', "year": "1800", "category": "nonsense"},
        {"name": "王" * 60, "year": "abc"},
        None,
    ],
    ids=["empty", "every-field", "escaped-and-invalid", "too-long-and-not-a-number", "unbound"],
)
def test_the_catalogue_search_form_is_written_exactly_as_django_writes_it(data, language):
    with translation.override(language):
        form = CatalogueFilterForm(data)
        form.is_valid()
        assert _tags(plain_form_html(form)) == _tags(form.as_p())


class _WithHelp(ProjectForm):
    when = forms.DateField(help_text="YYYY-MM-DD", widget=forms.DateInput)


def test_a_form_with_other_widgets_or_help_texts_is_left_to_django():
    form = _WithHelp({"when": "x"})
    form.is_valid()
    assert plain_form_html(form) == form.as_p()
