from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from residents.common.forms import ProjectForm
from residents.common.validation import validate_not_future

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyForm(ProjectForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    issuer = forms.CharField(label=_("Issued by"), max_length=100)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_WIDGET,
                                validators=[validate_not_future])
    text = forms.CharField(label=_("Text"), required=False, max_length=100000,
                           widget=forms.Textarea(attrs={"rows": 14}))
    pdf = forms.FileField(label=_("PDF of the policy (optional)"), required=False)
    remove_pdf = forms.BooleanField(label=_("Remove the attached PDF"), required=False)

    def clean_pdf(self) -> bytes | None:
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload.read()
