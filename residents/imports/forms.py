from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.imports.rows import IMPORT_FIELDS, REQUIRED_FIELDS, field_label
from residents.models import ImportProfile


class UploadForm(ProjectForm):
    profile = forms.ModelChoiceField(
        label=_("Source"), queryset=ImportProfile.objects.all(), empty_label=None,
        help_text=_("The column mapping of this source reads the file."),
    )
    file = forms.FileField(
        label=_("File (XLSX or CSV)"), allow_empty_file=True,
        help_text=_("CSV files may be UTF-8 or GBK. The first row holds the column headings."),
    )


class ProfileForm(ProjectForm):
    """The column heading of each resident field in a source's files."""

    def __init__(self, *args, profile: ImportProfile | None = None, **kwargs):
        columns = profile.columns if profile is not None else {}
        kwargs.setdefault("initial", dict(columns))
        super().__init__(*args, **kwargs)
        for name in IMPORT_FIELDS:
            self.fields[name] = forms.CharField(
                label=field_label(name), max_length=100, required=name in REQUIRED_FIELDS,
                help_text=_("Required column") if name in REQUIRED_FIELDS else "",
            )

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in IMPORT_FIELDS}
