"""Pages of services handled for residents, community activities and volunteer teams.

Thin views: check access, validate, call one service, say what happened, redirect.
Order of checks on records about a resident: the resident and the record must be visible
(else 404, from the selectors), then the model permission for the action (else 403).
Activities and teams are not resident data: without the permission the answer is 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for, service_kind_group
from residents.activities import selectors, services
from residents.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttendanceForm,
    ParticipantForm,
    ServiceFilterForm,
    ServiceOutcomeForm,
    ServiceRecordForm,
    VolunteerJoinForm,
    VolunteerLeaveForm,
    VolunteerTeamForm,
)
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.models import ServiceKind
from residents.people.selectors import resident_for_user

PAGE_SIZE = 50


def _posted(request):
    # An empty POST is still a submission: it must show "required" errors, not a blank form.
    return request.POST if request.method == "POST" else None


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _groups_of(records) -> set[str]:
    return {service_kind_group(record.kind) for record in records}


# --- services handled for a resident (SVC-1) -------------------------------------------------


@require_GET
def service_list(request, pk: int):
    resident = resident_for_user(request.user, pk)
    require_perm(request.user, "residents.view_servicerecord")
    policy = policy_for(request.user, resident)
    page = _page(request, selectors.service_records_for_resident(request.user, resident, policy))
    record_reads(
        actor=request.user,
        residents=[resident],
        field_groups={FieldGroup.BASIC, *_groups_of(page.object_list)},
        purpose=ReadPurpose.SERVICE_LIST,
        request=request,
    )
    return render(
        request,
        "residents/activities/service_list.html",
        {
            "resident": resident,
            "page": page,
            "sees_economic": policy.can_see_group(FieldGroup.SENSITIVE),
            "can_add": request.user.has_perm("residents.add_servicerecord"),
            "can_change": request.user.has_perm("residents.change_servicerecord"),
        },
    )


def service_create(request, pk: int):
    resident = resident_for_user(request.user, pk)
    require_perm(request.user, "residents.add_servicerecord")
    policy = policy_for(request.user, resident)
    form = ServiceRecordForm(_posted(request), initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.service_record_create(
                resident=resident, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            if policy.can_see_record(record):
                messages.success(request, _("The service was recorded."))
            else:
                # Recorded at the window, but economic applications are not listed back.
                messages.success(
                    request,
                    _("The application was recorded. Applications for 低保 and 特困供养 are "
                      "comprehensive information and are not listed for your role."),
                )
            return redirect("residents:service_list", pk=resident.pk)
    record_reads(
        actor=request.user, residents=[resident], field_groups=[FieldGroup.BASIC],
        purpose=ReadPurpose.SERVICE_CREATE, request=request,
    )
    return render(
        request, "residents/activities/service_form.html", {"resident": resident, "form": form}
    )


def service_outcome(request, service_pk: int):
    record, policy = selectors.service_record_for_user(request.user, service_pk)
    require_perm(request.user, "residents.change_servicerecord")
    form = ServiceOutcomeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.service_record_set_outcome(
                record=record, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("residents:service_list", pk=record.resident_id)
    record_reads(
        actor=request.user, residents=[record.resident],
        field_groups={FieldGroup.BASIC, service_kind_group(record.kind)},
        purpose=ReadPurpose.SERVICE_OUTCOME, request=request,
    )
    return render(
        request,
        "residents/activities/service_outcome.html",
        {
            "record": record,
            "resident": record.resident,
            "form": form,
            "is_final": record.outcome in services.FINAL_OUTCOMES,
        },
    )


@require_GET
def service_open_list(request):
    """Work list: services and applications still in progress, oldest first."""
    require_perm(request.user, "residents.view_servicerecord")
    kinds = selectors.visible_service_kinds(policy_for(request.user))
    filters = ServiceFilterForm(request.GET or None, kinds=kinds)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = _page(request, selectors.open_service_records(request.user, kind=kind))
    records = list(page.object_list)
    residents = list({record.resident_id: record.resident for record in records}.values())
    record_reads(
        actor=request.user, residents=residents,
        field_groups={FieldGroup.BASIC, *_groups_of(records)},
        purpose=ReadPurpose.OPEN_SERVICES, request=request,
    )
    return render(
        request,
        "residents/activities/service_open_list.html",
        {
            "page": page,
            "records": records,
            "filters": filters,
            "can_change": request.user.has_perm("residents.change_servicerecord"),
        },
    )


@require_GET
def files_due_list(request):
    """Work list (CLS-4): residents of an age class without its file, e.g. the elderly without
    a health file, minors without a growth file."""
    require_perm(request.user, "residents.view_servicerecord")
    kinds = selectors.due_file_kinds(request.user)
    kind = request.GET.get("kind", "")
    if not kinds:
        raise PermissionDenied
    if kind not in kinds:
        kind = kinds[0]
    page = _page(request, selectors.residents_missing_file(request.user, kind))
    residents = list(page.object_list)
    record_reads(
        actor=request.user, residents=residents,
        field_groups={FieldGroup.BASIC, service_kind_group(kind)},
        purpose=ReadPurpose.FILES_DUE, request=request,
    )
    policy = policy_for(request.user)
    return render(
        request, "residents/activities/files_due.html",
        {
            "page": page, "kind": ServiceKind(kind),
            "kinds": [ServiceKind(k) for k in kinds],
            "rows": [
                {"resident": r, "name": policy.display_value(r, "name")} for r in residents
            ],
            "can_add": request.user.has_perm("residents.add_servicerecord"),
        },
    )


# --- community activities (SVC-2) ---------------------------------------------------------------


@require_GET
def activity_list(request):
    require_perm(request.user, "residents.view_activity")
    filters = ActivityFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    activities = selectors.activities_list(
        request.user,
        kind=criteria.get("kind") or "",
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
    )
    return render(
        request,
        "residents/activities/activity_list.html",
        {
            "page": _page(request, activities),
            "filters": filters,
            "can_add": request.user.has_perm("residents.add_activity"),
        },
    )


def activity_create(request):
    require_perm(request.user, "residents.add_activity")
    form = ActivityForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The activity was created."))
            return redirect("residents:activity_detail", activity_pk=activity.pk)
    return render(
        request,
        "residents/activities/simple_form.html",
        {
            "form": form,
            "title": _("New community activity"),
            "back_url": reverse("residents:activity_list"),
            "submit_label": _("Create the activity"),
        },
    )


def _render_activity(request, activity, *, participant_form=None):
    user = request.user
    page = _page(request, selectors.participations_shown(user, activity))
    participations = list(page.object_list)
    # Participants shown are residents the user may see; their names are basic information.
    record_reads(
        actor=user, residents=[p.resident for p in participations],
        field_groups=[FieldGroup.BASIC], purpose=ReadPurpose.ACTIVITY_DETAIL, request=request,
    )
    can_add = user.has_perm("residents.add_participation")
    if can_add and participant_form is None:
        participant_form = ParticipantForm(user=user)
    return render(
        request,
        "residents/activities/activity_detail.html",
        {
            "activity": activity,
            "page": page,
            "participations": participations,
            "hidden_count": activity.participant_count - page.paginator.count,
            "participant_form": participant_form if can_add else None,
            "can_mark": user.has_perm("residents.change_participation"),
        },
    )


@require_GET
def activity_detail(request, activity_pk: int):
    require_perm(request.user, "residents.view_activity")
    return _render_activity(request, selectors.activity_for_user(request.user, activity_pk))


@require_POST
def participant_add(request, activity_pk: int):
    require_perm(request.user, "residents.view_activity", "residents.add_participation")
    activity = selectors.activity_for_user(request.user, activity_pk)
    form = ParticipantForm(request.POST, user=request.user)
    if form.is_valid():
        resident = form.cleaned_data["archive_number"]
        try:
            services.participation_add(activity=activity, resident=resident, actor=request.user)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, _("%(name)s was added as a participant.") % {"name": resident.name}
            )
            return redirect("residents:activity_detail", activity_pk=activity.pk)
    return _render_activity(request, activity, participant_form=form)


@require_POST
def participation_attendance(request, participation_pk: int):
    participation, _policy = selectors.participation_for_user(request.user, participation_pk)
    require_perm(request.user, "residents.change_participation")
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the participant attended."))
    else:
        try:
            services.participation_set_attendance(
                participation=participation, attended=form.cleaned_data["attended"],
                actor=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Attendance was recorded."))
    url = reverse("residents:activity_detail", args=[participation.activity_id])
    return redirect(f"{url}#participants")


# --- volunteer teams ------------------------------------------------------------------------


@require_GET
def team_list(request):
    require_perm(request.user, "residents.view_volunteerteam")
    return render(
        request,
        "residents/activities/team_list.html",
        {
            "page": _page(request, selectors.teams_list(request.user)),
            "can_add": request.user.has_perm("residents.add_volunteerteam"),
        },
    )


def team_create(request):
    require_perm(request.user, "residents.add_volunteerteam")
    form = VolunteerTeamForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.volunteer_team_create(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The volunteer team was created."))
            return redirect("residents:team_detail", team_pk=team.pk)
    return render(
        request,
        "residents/activities/simple_form.html",
        {
            "form": form,
            "title": _("New volunteer team"),
            "back_url": reverse("residents:team_list"),
            "submit_label": _("Create the team"),
        },
    )


def _render_team(request, team, *, join_form=None, leave_form=None, leave_pk=None):
    user = request.user
    page = _page(request, selectors.memberships_shown(user, team))
    memberships = list(page.object_list)
    record_reads(
        actor=user, residents=list({m.resident_id: m.resident for m in memberships}.values()),
        field_groups=[FieldGroup.BASIC], purpose=ReadPurpose.VOLUNTEER_TEAM_DETAIL, request=request,
    )
    can_join = user.has_perm("residents.add_volunteermembership")
    can_leave = user.has_perm("residents.change_volunteermembership")
    if can_join and join_form is None:
        join_form = VolunteerJoinForm(user=user)
    rows = []
    for membership in memberships:
        form = None
        if can_leave and membership.left_on is None:
            form = leave_form if membership.pk == leave_pk else None
            form = form or VolunteerLeaveForm(prefix=f"leave-{membership.pk}")
        rows.append({"membership": membership, "leave_form": form})
    return render(
        request,
        "residents/activities/team_detail.html",
        {
            "team": team,
            "page": page,
            "rows": rows,
            "join_form": join_form if can_join else None,
            "activities": team.activities.order_by("-held_on", "-pk")[:10],
        },
    )


@require_GET
def team_detail(request, team_pk: int):
    require_perm(request.user, "residents.view_volunteerteam")
    return _render_team(request, selectors.team_for_user(request.user, team_pk))


@require_POST
def team_join(request, team_pk: int):
    require_perm(request.user, "residents.view_volunteerteam", "residents.add_volunteermembership")
    team = selectors.team_for_user(request.user, team_pk)
    form = VolunteerJoinForm(request.POST, user=request.user)
    if form.is_valid():
        resident = form.cleaned_data["archive_number"]
        try:
            services.volunteer_join(
                team=team, resident=resident, joined_on=form.cleaned_data["joined_on"],
                actor=request.user,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, _("%(name)s joined the team.") % {"name": resident.name}
            )
            return redirect("residents:team_detail", team_pk=team.pk)
    return _render_team(request, team, join_form=form)


@require_POST
def volunteer_leave(request, volunteer_pk: int):
    membership, _policy = selectors.membership_for_user(request.user, volunteer_pk)
    require_perm(request.user, "residents.change_volunteermembership")
    form = VolunteerLeaveForm(request.POST, prefix=f"leave-{membership.pk}")
    if form.is_valid():
        try:
            services.volunteer_leave(
                membership=membership, left_on=form.cleaned_data["left_on"], actor=request.user
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The membership was ended; it stays in the history."))
            return redirect("residents:team_detail", team_pk=membership.team_id)
    team = selectors.team_for_user(request.user, membership.team_id)
    return _render_team(request, team, leave_form=form, leave_pk=membership.pk)
