"""Supervision pages (SUP-1, SUP-5, SUP-6): inspections and spot checks, their checklist, and
accountability records. Thin: check the permission, validate, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.models import ChecklistItem
from casework.supervision import selectors, services
from casework.supervision.forms import AccountabilityForm, ChecklistItemForm, InspectionForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

PAGE_SIZE = 30


@require_GET
def inspection_list(request):
    require_perm(request.user, "casework.view_inspection")
    page = Paginator(selectors.inspections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/supervision/inspection_list.html", {
        "page": page,
        "due": selectors.quarterly_inspection_due(),
        "may_add": request.user.has_perm("casework.add_inspection"),
        "may_edit_checklist": request.user.has_perm("casework.change_checklistitem"),
    })


@require_GET
def inspection_detail(request, pk: int):
    require_perm(request.user, "casework.view_inspection")
    inspection = get_object_or_404(selectors.inspections(), pk=pk)
    return render(request, "casework/supervision/inspection_detail.html", {
        "inspection": inspection,
        # Each finding with a problem opens one rectification (SUP-5).
        "findings": inspection.findings.select_related("rectification__case"),
        "may_rectify": request.user.has_perm("casework.add_rectification"),
    })


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    require_perm(request.user, "casework.add_inspection")
    checkpoints = selectors.active_checklist()
    form = InspectionForm(request.POST or None, checkpoints=checkpoints,
                          initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_record(
                actor=request.user, kind=data["kind"], inspected_on=data["inspected_on"],
                inspectors=data["inspectors"], summary=data["summary"], findings=form.findings(),
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Recorded: %(kind)s of %(date)s.") % {
                "kind": inspection.get_kind_display(), "date": inspection.inspected_on,
            })
            return redirect("casework:inspection_detail", pk=inspection.pk)
    return render(request, "casework/supervision/inspection_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def checklist(request):
    require_perm(request.user, "casework.view_checklistitem")
    may_change = request.user.has_perm("casework.change_checklistitem")
    item = None
    if request.GET.get("edit"):
        item = get_object_or_404(ChecklistItem, pk=request.GET["edit"])
    initial = {} if item is None else {
        "title": item.title, "guidance": item.guidance, "position": item.position,
        "active": item.active,
    }
    form = ChecklistItemForm(request.POST or None, initial=initial) if may_change else None
    if request.method == "POST":
        require_perm(request.user, "casework.change_checklistitem")
        if form.is_valid():
            try:
                saved = services.checklist_item_save(actor=request.user, item=item,
                                                     **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Checkpoint saved: %(title)s") % {"title": saved})
                return redirect("casework:checklist")
    return render(request, "casework/supervision/checklist.html", {
        "items": ChecklistItem.objects.all(), "form": form, "editing": item,
    })


@require_http_methods(["GET", "POST"])
def accountability(request):
    require_perm(request.user, "casework.view_accountabilityrecord")
    may_add = request.user.has_perm("casework.add_accountabilityrecord")
    form = AccountabilityForm(request.POST or None) if may_add else None
    if request.method == "POST":
        require_perm(request.user, "casework.add_accountabilityrecord")
        if form.is_valid():
            try:
                record = services.accountability_record(actor=request.user, **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Accountability record saved: %(measure)s.")
                                 % {"measure": record.get_measure_display()})
                return redirect("casework:accountability")
    page = Paginator(selectors.accountability_records(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/supervision/accountability.html",
                  {"page": page, "form": form})
