from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import ArchiveCategory, Binding, ContentClass, Retention
from residents.common.forms import ProjectForm


class VolumeForm(ProjectForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ArchiveCategory.choices)
    content_class = forms.ChoiceField(label=_("Content class"), choices=ContentClass.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2100)
    room = forms.CharField(label=_("Room"), max_length=50, required=False)
    cabinet = forms.CharField(label=_("Cabinet"), max_length=50, required=False)
    box = forms.CharField(label=_("Box"), max_length=50, required=False)


class PlaceForm(ProjectForm):
    room = forms.CharField(label=_("Room"), max_length=50, required=False)
    cabinet = forms.CharField(label=_("Cabinet"), max_length=50, required=False)
    box = forms.CharField(label=_("Box"), max_length=50, required=False)
    binding = forms.ChoiceField(label=_("Binding"), choices=Binding.choices)


class CatalogueFilterForm(ProjectForm):
    q = forms.CharField(
        label=_("Volume, archive or case number"), max_length=50, required=False
    )
    name = forms.CharField(label=_("Resident's name"), max_length=50, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1949, max_value=2100, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *ArchiveCategory.choices], required=False
    )
    content_class = forms.ChoiceField(
        label=_("Content class"), choices=[("", "—"), *ContentClass.choices], required=False
    )


class RetentionForm(ProjectForm):
    content_class = forms.ChoiceField(label=_("Content class"), choices=ContentClass.choices)
    retention = forms.ChoiceField(label=_("Retention"), choices=Retention.choices)
