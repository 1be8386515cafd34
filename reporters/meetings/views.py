"""Pages of the work meetings: the list, recording a meeting, and each meeting with the
reporters' suggestions and what was done about them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.meetings import selectors, services
from reporters.meetings.forms import ActionForm, MeetingForm, SuggestionForm
from reporters.profiles.selectors import is_reporter_staff
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def meeting_list(request):
    user = request.user
    if not (user.has_perm("reporters.file_report") or is_reporter_staff(user)):
        raise PermissionDenied
    return render(request, "reporters/meeting_list.html",
                  {"meetings": selectors.meetings_for(user).prefetch_related("attendees")[:200]})


@require_http_methods(["GET", "POST"])
def meeting_new(request):
    require_perm(request.user, MANAGE)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_record(
                actor=request.user, **{**data, "attendees": list(data["attendees"])}
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("reporters:meeting_detail", pk=meeting.pk)
    return render(request, "reporters/meeting_new.html", {"form": form})


def _page(request, meeting, suggestion_form=None, action_forms=None):
    manages = request.user.has_perm(MANAGE)
    suggestions = list(meeting.suggestions.select_related("reporter"))
    action_forms = action_forms or {}
    rows = [(item, action_forms.get(item.pk) or ActionForm(
        prefix=f"action{item.pk}", initial={"action_taken": item.action_taken}
    ) if manages else None) for item in suggestions]
    return render(request, "reporters/meeting_detail.html", {
        "meeting": meeting, "attendees": meeting.attendees.order_by("username"),
        "rows": rows, "manages": manages,
        "suggestion_form": (suggestion_form or SuggestionForm(meeting=meeting))
        if manages else None,
    })


def meeting_detail(request, pk: int):
    return _page(request, selectors.meeting_for_user(request.user, pk))


@require_POST
def suggestion_add(request, pk: int):
    meeting = selectors.meeting_for_user(request.user, pk)
    require_perm(request.user, MANAGE)
    form = SuggestionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.suggestion_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The suggestion is recorded."))
            return redirect("reporters:meeting_detail", pk=meeting.pk)
    return _page(request, meeting, suggestion_form=form)


@require_POST
def suggestion_action(request, pk: int, suggestion_pk: int):
    meeting = selectors.meeting_for_user(request.user, pk)
    require_perm(request.user, MANAGE)
    suggestion = meeting.suggestions.filter(pk=suggestion_pk).first()
    if suggestion is None:
        raise Http404
    form = ActionForm(request.POST, prefix=f"action{suggestion.pk}")
    if form.is_valid():
        services.suggestion_action(actor=request.user, suggestion=suggestion,
                                   **form.cleaned_data)
        messages.success(request, _("What was done about the suggestion is recorded."))
        return redirect("reporters:meeting_detail", pk=meeting.pk)
    return _page(request, meeting, action_forms={suggestion.pk: form})
