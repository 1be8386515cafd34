"""The archive-room inspection log."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.inspections import services
from archives.inspections.forms import InspectionForm
from archives.models import Inspection
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


def inspection_list(request):
    require_perm(request.user, "archives.view_inspection")
    form = InspectionForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    if request.method == "POST":
        require_perm(request.user, "archives.add_inspection")
        if form.is_valid():
            try:
                services.inspection_record(actor=request.user, **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect("archives:inspection_list")
    return render(request, "archives/inspection_list.html", {
        "form": form, "inspections": Inspection.objects.select_related("inspector")[:100],
        "next_due": services.next_inspection_due(),
    })
