"""Destruction of volumes past retention and the destruction register (销毁清册)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.destruction import services
from archives.destruction.forms import ProposeForm
from archives.models import DestructionBatch
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


def destruction_list(request, *, form=None, status=200):
    require_perm(request.user, "archives.destroy_volume")
    due = services.past_retention()
    return render(request, "archives/destruction_list.html", {
        "due": due,
        "form": form or ProposeForm(),
        "batches": DestructionBatch.objects.select_related("proposed_by", "approved_by")[:100],
    }, status=status)


@require_POST
def destruction_propose(request):
    require_perm(request.user, "archives.destroy_volume")
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            services.batch_propose(actor=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Destruction proposed; a second manager approves it."))
            return redirect("archives:destruction_list")
    return destruction_list(request, form=form)


@require_POST
def destruction_approve(request, pk: int):
    require_perm(request.user, "archives.destroy_volume")
    batch = get_object_or_404(DestructionBatch, pk=pk)
    try:
        services.batch_approve(batch=batch, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The volumes were destroyed."))
    return redirect("archives:destruction_list")


def destruction_register_pdf(request, pk: int):
    from residents.common.pdf import render_pdf

    require_perm(request.user, "archives.destroy_volume")
    batch = get_object_or_404(DestructionBatch, pk=pk)
    pdf = render_pdf(template="archives/pdf/destruction_register.html", context={
        "batch": batch, "printed_at": timezone.localtime(),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="destruction-{batch.pk}.pdf"'
    return response
