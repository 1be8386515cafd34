"""Safety and environment pages (SAF-1, SAF-2): the list by kind, recording, the record with its
photos and its rectification, opening that rectification, and the garbage collection schedule.
Thin: check the permission, validate, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.models import GarbageSchedule, SafetyKind, SafetyPhoto
from casework.rectification import services as rectification_services
from casework.rectification.forms import RectificationIssueForm
from casework.safety import selectors, services
from casework.safety.forms import GarbageScheduleForm, SafetyRecordForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.documents.responses import document_response

PAGE_SIZE = 30


@require_GET
def safety_list(request):
    require_perm(request.user, services.VIEW_PERMISSION)
    kind = request.GET.get("kind", "")
    kind = kind if kind in SafetyKind.values else ""
    page = Paginator(selectors.safety_records(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/safety/list.html", {
        "page": page, "kind": kind, "kinds": SafetyKind.choices,
        "may_add": request.user.has_perm(services.ADD_PERMISSION),
    })


@require_http_methods(["GET", "POST"])
def safety_create(request):
    require_perm(request.user, services.ADD_PERMISSION)
    kind = request.GET.get("kind", "")
    form = SafetyRecordForm(
        request.POST or None, request.FILES or None,
        initial={"kind": kind if kind in SafetyKind.values else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.safety_record_create(actor=request.user, **form.service_arguments())
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Recorded: %(kind)s of %(date)s.") % {
                "kind": record.get_kind_display(), "date": record.occurred_on,
            })
            return redirect("casework:safety_detail", pk=record.pk)
    return render(request, "casework/safety/form.html", {"form": form})


@require_GET
def safety_detail(request, pk: int):
    require_perm(request.user, services.VIEW_PERMISSION)
    record = get_object_or_404(selectors.safety_records(), pk=pk)
    rectification = getattr(record, "rectification", None) if record.problem_found else None
    return render(request, "casework/safety/detail.html", {
        "record": record,
        "photos": record.photos.all(),
        "rectification": rectification,
        "may_rectify": record.problem_found and rectification is None
        and request.user.has_perm(rectification_services.ISSUE_PERMISSION),
    })


@require_GET
def safety_photo(request, pk: int):
    require_perm(request.user, services.VIEW_PERMISSION)
    photo = get_object_or_404(SafetyPhoto.objects.select_related("document"), pk=pk)
    return document_response(request, photo.document, purpose="safety_photo")


@require_http_methods(["GET", "POST"])
def safety_rectification(request, pk: int):
    """Open the rectification of a record's findings, with a deadline; at most one per record."""
    require_perm(request.user, rectification_services.ISSUE_PERMISSION)
    require_perm(request.user, services.VIEW_PERMISSION)
    record = get_object_or_404(selectors.safety_records(), pk=pk, problem_found=True)
    existing = getattr(record, "rectification", None)
    if existing is not None:
        messages.info(request, _("A rectification is already open for this finding: case "
                                 "%(number)s.") % {"number": existing.case.number})
        return redirect("casework:case_detail", pk=existing.case_id)
    form = RectificationIssueForm(
        request.POST or None, initial={"finding_text": record.findings}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = rectification_services.rectification_issue(
                actor=request.user, safety_record=record, **form.cleaned_data
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Rectification %(number)s is issued.")
                             % {"number": case.number})
            return redirect("casework:case_detail", pk=case.pk)
    return render(request, "casework/rectification/issue_form.html", {
        "form": form, "source": record,
        "source_label": _("%(kind)s of %(date)s, %(place)s") % {
            "kind": record.get_kind_display(), "date": record.occurred_on.isoformat(),
            "place": record.place,
        },
        "cancel_url": reverse("casework:safety_detail", args=[record.pk]),
    })


@require_http_methods(["GET", "POST"])
def garbage_schedule(request):
    require_perm(request.user, "casework.view_garbageschedule")
    may_change = request.user.has_perm("casework.add_garbageschedule")
    schedule = None
    if request.GET.get("edit"):
        schedule = get_object_or_404(GarbageSchedule, pk=request.GET["edit"])
    initial = {} if schedule is None else {
        "area": schedule.area, "days": schedule.days,
        "collection_time": schedule.collection_time, "collector": schedule.collector,
        "destination": schedule.destination, "active": schedule.active,
    }
    form = GarbageScheduleForm(request.POST or None, initial=initial) if may_change else None
    if request.method == "POST":
        require_perm(request.user, "casework.add_garbageschedule")
        if form.is_valid():
            try:
                services.garbage_schedule_save(actor=request.user, schedule=schedule,
                                               **form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("The garbage collection schedule is saved."))
                return redirect("casework:garbage_schedule")
    return render(request, "casework/safety/garbage_schedule.html", {
        "schedules": selectors.garbage_schedules(), "form": form, "editing": schedule,
        "records": selectors.safety_records(SafetyKind.GARBAGE)[:10],
    })
