"""Handovers (交接) with both confirmations, printable."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.handovers import services
from archives.handovers.forms import HandoverForm
from archives.handovers.selectors import handovers_for
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm


def handover_list(request):
    require_perm(request.user, "archives.view_handover")
    form = None
    if request.user.has_perm("archives.add_handover"):
        form = HandoverForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.handover_record(actor=request.user, **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Handover recorded; the receiver confirms it."))
                return redirect("archives:handover_list")
    return render(request, "archives/handover_list.html", {
        "form": form, "handovers": handovers_for(request.user)[:100],
    })


@require_POST
def handover_confirm(request, pk: int):
    require_perm(request.user, "archives.view_handover")
    handover = get_object_or_404(handovers_for(request.user), pk=pk)
    try:
        services.handover_confirm(actor=request.user, handover=handover)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Receipt confirmed."))
    return redirect("archives:handover_list")


def handover_pdf(request, pk: int):
    require_perm(request.user, "archives.view_handover")
    handover = get_object_or_404(handovers_for(request.user), pk=pk)
    pdf = render_pdf(template="archives/pdf/handover.html", context={
        "handover": handover, "volumes": handover.volumes.all(),
        "printed_at": timezone.localtime(),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handover-{handover.pk}.pdf"'
    return response
