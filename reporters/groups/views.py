"""Pages of the work groups (工作小组): list, new, and each group with its members,
designated reviewer and seal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporters.documents import serve
from reporters.groups import selectors, services
from reporters.groups.forms import GroupForm
from reporters.purposes import ReporterPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def group_list(request):
    require_perm(request.user, MANAGE)
    return render(request, "reporters/group_list.html",
                  {"groups": selectors.groups_for(request.user)})


@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int | None = None):
    require_perm(request.user, MANAGE)
    group = None
    if pk is not None:
        group = selectors.groups_for(request.user).filter(pk=pk).first()
        if group is None:
            raise Http404
    initial = {"name": group.name, "reviewer": group.reviewer} if group else None
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None, initial=initial,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_save(
                actor=request.user, group=group, name=data["name"], reviewer=data["reviewer"],
                seal=data["seal"].read() if data["seal"] else None,
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The work group is saved."))
            return redirect("reporters:group_edit", pk=group.pk)
    members = group.members.select_related("user") if group else []
    return render(request, "reporters/group_edit.html",
                  {"form": form, "group": group, "members": members})


def group_seal(request, pk: int):
    require_perm(request.user, MANAGE)
    group = selectors.groups_for(request.user).filter(pk=pk).first()
    if group is None or group.seal is None:
        raise Http404
    return serve(request, group.seal, purpose=ReporterPurpose.REPORTER_FILES)
