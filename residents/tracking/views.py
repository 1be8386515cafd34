"""Tracking pages (TRK-1 … TRK-4, UPD-6) and the morning work lists for re-checks and emergencies.

Thin like residents/people/views.py: find the resident or record for this user (404 when hidden),
check the action's model permission (403), validate, call one service in
residents/tracking/services.py, say what happened, redirect. Every page showing resident data
records the read once, for all residents shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for, record_group
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.common.redirects import next_url
from residents.models import ContactKind, EmergencyKind, StatusAspect
from residents.people import selectors as people
from residents.tracking import selectors, services
from residents.tracking.forms import (
    CloseEmergencyForm,
    ContactRecordForm,
    EmergencyForm,
    FollowUpForm,
    RecheckForm,
    StatusChangeForm,
)
from residents.tracking.origins import emergency_origins

PAGE_SIZE = 50


def _read(request, residents, groups, purpose: str) -> None:
    record_reads(
        actor=request.user, residents=list(residents), field_groups=groups, purpose=purpose,
        request=request,
    )


def _tracking_groups(policy, emergencies=()) -> list[FieldGroup]:
    groups = [
        group
        for group in (FieldGroup.BASIC, FieldGroup.SERVICE_NEEDS, FieldGroup.FEEDBACK)
        if policy.can_see_group(group)
    ]
    return groups + _emergency_groups(emergencies)


def _emergency_groups(emergencies) -> list[FieldGroup]:
    """A serious illness shown (to its handler or a manager) is a read of comprehensive
    information."""
    sensitive = any(record_group(e) == FieldGroup.SENSITIVE for e in emergencies)
    return [FieldGroup.SENSITIVE] if sensitive else []


# The resident's tracking page --------------------------------------------------------------


@require_GET
def resident_tracking(request, pk: int):
    user = request.user
    resident = people.resident_for_user(user, pk)
    policy = policy_for(user, resident)
    if not policy.can_see_group(FieldGroup.SERVICE_NEEDS):
        raise PermissionDenied
    page = Paginator(selectors.contact_records_for(policy, resident), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    emergencies = list(selectors.emergencies_for(user, policy, resident))
    _read(
        request, [resident], _tracking_groups(policy, emergencies), ReadPurpose.RESIDENT_TRACKING
    )
    sees_status = policy.can_see_group(FieldGroup.SENSITIVE) and user.has_perm(
        "residents.view_statuschange"
    )
    return render(
        request,
        "residents/tracking/resident_tracking.html",
        {
            "resident": resident,
            "page": page,
            "emergencies": emergencies,
            "recheck": selectors.recheck_status(resident),
            "recheck_form": RecheckForm(),
            "aspects": StatusAspect.choices if sees_status else [],
            "can_add_contact": user.has_perm("residents.add_contactrecord"),
            "can_add_status": sees_status and user.has_perm("residents.add_statuschange"),
            "can_add_emergency": user.has_perm("residents.add_emergency"),
            "can_recheck": user.has_perm("residents.add_recheck"),
        },
    )


# Contact records ---------------------------------------------------------------------------


def contact_create(request, pk: int):
    user = request.user
    resident = people.resident_for_user(user, pk)
    require_perm(user, "residents.add_contactrecord")
    policy = policy_for(user, resident)
    kinds = selectors.visible_contact_kinds(policy)
    if not kinds:
        raise PermissionDenied
    if request.method == "POST":
        form = ContactRecordForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                services.contact_record_create(resident=resident, actor=user, **form.cleaned_data)
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The contact record was saved."))
                return redirect("residents:tracking", pk=resident.pk)
    else:
        kind = request.GET.get("kind", "")
        form = ContactRecordForm(
            kinds=kinds, initial={"kind": kind if kind in kinds else kinds[0]}
        )
    _read(request, [resident], [FieldGroup.BASIC], ReadPurpose.CONTACT_CREATE)
    return render(
        request, "residents/tracking/contact_form.html", {"resident": resident, "form": form}
    )


@require_GET
def contact_detail(request, contact_pk: int):
    record, resident, _policy = selectors.contact_record_for_user(request.user, contact_pk)
    _read(request, [resident], [FieldGroup.BASIC, record_group(record)], ReadPurpose.CONTACT_DETAIL)
    return render(
        request, "residents/tracking/contact_detail.html",
        {"resident": resident, "record": record},
    )


# Status changes (comprehensive information) ------------------------------------------------


def _status_resident(request, pk: int, permission: str):
    resident = people.resident_for_user(request.user, pk)
    policy = policy_for(request.user, resident)
    if not policy.can_see_group(FieldGroup.SENSITIVE):
        raise PermissionDenied
    require_perm(request.user, permission)
    return resident


@require_GET
def status_history(request, pk: int, aspect: str):
    resident = _status_resident(request, pk, "residents.view_statuschange")
    if aspect not in StatusAspect.values:
        raise Http404
    page = Paginator(selectors.status_history(resident, aspect), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _read(request, [resident], [FieldGroup.BASIC, FieldGroup.SENSITIVE], ReadPurpose.STATUS_HISTORY)
    return render(
        request,
        "residents/tracking/status_history.html",
        {
            "resident": resident,
            "aspect": aspect,
            "aspect_label": StatusAspect(aspect).label,
            "aspects": StatusAspect.choices,
            "page": page,
            "can_add_status": request.user.has_perm("residents.add_statuschange"),
        },
    )


def status_create(request, pk: int):
    resident = _status_resident(request, pk, "residents.add_statuschange")
    if request.method == "POST":
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            try:
                change = services.status_change_record(
                    resident=resident, actor=request.user, **form.cleaned_data
                )
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The new situation was recorded."))
                return redirect("residents:status_history", pk=resident.pk, aspect=change.aspect)
    else:
        aspect = request.GET.get("aspect", "")
        form = StatusChangeForm(initial={"aspect": aspect} if aspect in StatusAspect.values else {})
    current = [
        (label, services.latest_status(resident, value)) for value, label in StatusAspect.choices
    ]
    _read(request, [resident], [FieldGroup.BASIC, FieldGroup.SENSITIVE], ReadPurpose.STATUS_CREATE)
    return render(
        request,
        "residents/tracking/status_form.html",
        {"resident": resident, "form": form, "current": current},
    )


@require_GET
def status_detail(request, status_pk: int):
    change, resident, _policy = selectors.status_change_for_user(request.user, status_pk)
    require_perm(request.user, "residents.view_statuschange")
    _read(request, [resident], [FieldGroup.BASIC, FieldGroup.SENSITIVE], ReadPurpose.STATUS_DETAIL)
    return render(
        request, "residents/tracking/status_detail.html",
        {"resident": resident, "change": change},
    )


# Emergencies -------------------------------------------------------------------------------


def emergency_create(request, pk: int):
    user = request.user
    resident = people.resident_for_user(user, pk)
    require_perm(user, "residents.add_emergency")
    if not policy_for(user, resident).can_see_group(FieldGroup.SERVICE_NEEDS):
        raise PermissionDenied
    if request.method == "POST":
        form = EmergencyForm(request.POST)
        if form.is_valid():
            try:
                emergency = services.emergency_open(
                    resident=resident, actor=user, **form.cleaned_data
                )
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The emergency was recorded."))
                return redirect("residents:emergency_detail", emergency_pk=emergency.pk)
    else:
        form = EmergencyForm()
    _read(request, [resident], [FieldGroup.BASIC], ReadPurpose.EMERGENCY_CREATE)
    return render(
        request, "residents/tracking/emergency_form.html", {"resident": resident, "form": form}
    )


def _emergency_page(request, emergency, resident, *, follow_up_form=None, close_form=None):
    user = request.user
    is_open = emergency.closed_on is None
    groups = [FieldGroup.BASIC, record_group(emergency)]
    _read(request, [resident], groups, ReadPurpose.EMERGENCY_DETAIL)
    return render(
        request,
        "residents/tracking/emergency_detail.html",
        {
            "resident": resident,
            "emergency": emergency,
            "follow_ups": selectors.follow_ups_of(emergency),
            "follow_up_form": follow_up_form or FollowUpForm(),
            "close_form": close_form or CloseEmergencyForm(),
            "can_follow_up": is_open and user.has_perm("residents.add_emergencyfollowup"),
            "can_close": is_open and user.has_perm("residents.change_emergency"),
            # The report it was opened from, for those who may open that report.
            "origins": emergency_origins(user, emergency),
        },
    )


@require_GET
def emergency_detail(request, emergency_pk: int):
    emergency, resident, _policy = selectors.emergency_for_user(request.user, emergency_pk)
    return _emergency_page(request, emergency, resident)


@require_POST
def emergency_follow_up(request, emergency_pk: int):
    emergency, resident, _policy = selectors.emergency_for_user(request.user, emergency_pk)
    require_perm(request.user, "residents.add_emergencyfollowup")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.emergency_follow_up_add(
                emergency=emergency, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect("residents:emergency_detail", emergency_pk=emergency.pk)
    emergency.refresh_from_db()
    return _emergency_page(request, emergency, resident, follow_up_form=form)


@require_POST
def emergency_close(request, emergency_pk: int):
    emergency, resident, _policy = selectors.emergency_for_user(request.user, emergency_pk)
    require_perm(request.user, "residents.change_emergency")
    form = CloseEmergencyForm(request.POST)
    if form.is_valid():
        try:
            services.emergency_close(emergency=emergency, actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The emergency was closed."))
            return redirect("residents:emergency_detail", emergency_pk=emergency.pk)
    emergency.refresh_from_db()
    return _emergency_page(request, emergency, resident, close_form=form)


# Re-checks (UPD-6) -------------------------------------------------------------------------


@require_POST
def recheck(request, pk: int):
    resident = people.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.add_recheck")
    default = reverse("residents:tracking", args=[resident.pk])
    form = RecheckForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("note", []):
            messages.error(request, error)
        return redirect(next_url(request, default))
    try:
        services.recheck_record(resident=resident, actor=request.user, **form.cleaned_data)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("The re-check of %(archive)s was recorded for today.")
            % {"archive": resident.archive_number or f"#{resident.pk}"},
        )
    return redirect(next_url(request, default))


# Morning work lists ------------------------------------------------------------------------


@require_GET
def worklist_rechecks(request):
    user = request.user
    require_perm(user, "residents.view_recheck")
    state = request.GET.get("status", "")
    if state not in selectors.RecheckState.CHOICES:
        state = ""
    today = timezone.localdate()
    page = Paginator(selectors.rechecks_due(user, state=state, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    _read(request, shown, [FieldGroup.BASIC], ReadPurpose.WORKLIST_RECHECKS)
    return render(
        request,
        "residents/tracking/worklist_rechecks.html",
        {
            "page": page,
            "rows": shown,
            "status": state,
            "counts": selectors.recheck_counts(user, today=today),
            "today": today,
            "can_recheck": user.has_perm("residents.add_recheck"),
            "can_add_contact": user.has_perm("residents.add_contactrecord"),
            "visit": ContactKind.VISIT,
            # Somebody met on a visit who is not yet registered is registered there (REG-6).
            "can_register": user.has_perm("residents.add_resident"),
        },
    )


@require_GET
def worklist_emergencies(request):
    user = request.user
    require_perm(user, "residents.view_emergency")
    kind = request.GET.get("kind", "")
    if kind not in EmergencyKind.values:
        kind = ""
    emergencies = selectors.open_emergencies(user, kind=kind)
    page = Paginator(emergencies, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    residents = list({emergency.resident_id: emergency.resident for emergency in shown}.values())
    groups = [FieldGroup.BASIC, FieldGroup.SERVICE_NEEDS, *_emergency_groups(shown)]
    _read(request, residents, groups, ReadPurpose.WORKLIST_EMERGENCIES)
    return render(
        request,
        "residents/tracking/worklist_emergencies.html",
        {
            "page": page,
            "rows": shown,
            "kind": kind,
            "kinds": EmergencyKind.choices,
            "total": selectors.open_emergencies(user).count() if kind else page.paginator.count,
            "today": timezone.localdate(),
        },
    )
