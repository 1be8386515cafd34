"""Pages for exceptional access (ACC-2): request, list, approve, reject, revoke.

Thin like residents/people/views.py: check access, validate, call one service in
residents/access/services.py, say what happened, redirect. Every URL naming a grant uses the kwarg
`grant_pk`, so that refused attempts are audited by residents.audit.middleware.

Who sees what of the resident a grant names: the name only where the viewer may see that
resident (`residents_visible_to`, so managers, and a requester once the grant is in force; that
read is logged); otherwise "Resident #pk" and the archive number, which the requester typed in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access import services as grants
from residents.access.fields import FieldGroup
from residents.access.forms import (
    GrantApproveForm,
    GrantRejectForm,
    GrantRequestForm,
    default_expiry,
    latest_expiry,
)
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.common.redirects import next_url
from residents.models import AccessGrant, GrantStatus
from residents.models.access_grants import grant_in_force
from residents.people import selectors as people

GRANT_PAGE_SIZE = 50

APPROVE_PERMISSION = "residents.approve_accessgrant"
REQUEST_PERMISSION = "residents.add_accessgrant"
VIEW_ALL_PERMISSION = "residents.view_accessgrant"


def _grants_for(user, *, status: str):
    """The grants this user may list: all of them with view_accessgrant, else their own.

    `effective_status` counts an approved grant past its expiry as expired at once, whether
    or not the expiry job has run yet. Only the resident's archive number is joined in; the
    resident row itself is never loaded here.
    """
    now = timezone.now()
    queryset = (
        AccessGrant.objects.select_related("requester", "decided_by", "ended_by")
        .annotate(
            resident_archive_number=F("resident__archive_number"),
            effective_status=Case(
                When(
                    Q(status=GrantStatus.APPROVED) & ~grant_in_force(now),
                    then=Value(GrantStatus.EXPIRED.value),
                ),
                default=F("status"),
                output_field=CharField(),
            ),
            pending_first=Case(
                When(status=GrantStatus.REQUESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("pending_first", "-requested_at", "-pk")
    )
    if not user.has_perm(VIEW_ALL_PERMISSION):
        queryset = queryset.filter(requester=user)
    if status:
        queryset = queryset.filter(effective_status=status)
    return queryset


def _next_url(request) -> str:
    return next_url(request, "residents:grant_list")


@require_GET
def grant_list(request):
    user = request.user
    sees_all = user.has_perm(VIEW_ALL_PERMISSION)
    if not (sees_all or user.has_perm(REQUEST_PERMISSION)):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in GrantStatus.values:
        status = ""
    page = Paginator(_grants_for(user, status=status), GRANT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    visible = {}
    if sees_all:
        # Names only of residents this user may see (managers, not auditors): a logged read.
        visible = {
            resident.pk: resident
            for resident in people.residents_visible_to(user)
            .filter(pk__in={grant.resident_id for grant in shown})
            .only("pk", "name", "archive_number")
        }
        record_reads(
            actor=user,
            residents=list(visible.values()),
            field_groups=[FieldGroup.BASIC],
            purpose=ReadPurpose.GRANT_LIST,
            request=request,
        )
    labels = dict(GrantStatus.choices)
    can_decide = user.has_perm(APPROVE_PERMISSION)
    rows = [
        {
            "grant": grant,
            "resident": visible.get(grant.resident_id),
            "status": grant.effective_status,
            "status_label": labels[grant.effective_status],
            "in_force": grant.effective_status == GrantStatus.APPROVED,
            "own": grant.requester_id == user.pk,
        }
        for grant in shown
    ]
    return render(
        request,
        "residents/grants/grant_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": GrantStatus.choices,
            "sees_all": sees_all,
            "can_request": user.has_perm(REQUEST_PERMISSION),
            "can_decide": can_decide,
            "default_expiry": default_expiry() if can_decide else "",
            "latest_expiry": latest_expiry() if can_decide else "",
            "pending_count": _grants_for(user, status="")
            .filter(status=GrantStatus.REQUESTED)
            .count()
            if sees_all
            else None,
        },
    )


@permission_required(REQUEST_PERMISSION, raise_exception=True)
def grant_request(request):
    if request.method == "POST":
        form = GrantRequestForm(request.POST)
        if form.is_valid():
            try:
                grants.grant_request(
                    requester=request.user,
                    resident=form.cleaned_data["archive_number"],
                    purpose=form.cleaned_data["purpose"],
                    scope=form.cleaned_data["scope"],
                )
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _("Your request was sent. A designated manager will decide on it."),
                )
                return redirect("residents:grant_list")
    else:
        form = GrantRequestForm()
    return render(request, "residents/grants/grant_request.html", {"form": form})


def _grant_to_decide(request, grant_pk: int) -> AccessGrant:
    """The grant, for a designated manager only (403 for anyone else, whether it exists or not)."""
    require_perm(request.user, APPROVE_PERMISSION)
    return get_object_or_404(AccessGrant, pk=grant_pk)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def grant_approve(request, grant_pk: int):
    grant = _grant_to_decide(request, grant_pk)
    form = GrantApproveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_next_url(request))
    expires_at = form.cleaned_data["expires_at"]
    try:
        grants.grant_approve(
            grant=grant,
            approver=request.user,
            expires_at=expires_at,
            note=form.cleaned_data["note"],
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Access #%(pk)s was approved until %(time)s.")
            % {
                "pk": grant.pk,
                "time": formats.date_format(timezone.localtime(expires_at), "Y-m-d H:i"),
            },
        )
    return redirect(_next_url(request))


@require_POST
def grant_reject(request, grant_pk: int):
    grant = _grant_to_decide(request, grant_pk)
    form = GrantRejectForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_next_url(request))
    try:
        grants.grant_reject(grant=grant, approver=request.user, note=form.cleaned_data["note"])
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Request #%(pk)s was rejected.") % {"pk": grant.pk})
    return redirect(_next_url(request))


@require_POST
def grant_revoke(request, grant_pk: int):
    grant = _grant_to_decide(request, grant_pk)
    try:
        grants.grant_revoke(grant=grant, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Access #%(pk)s was revoked; it no longer works.") % {"pk": grant.pk}
        )
    return redirect(_next_url(request))

