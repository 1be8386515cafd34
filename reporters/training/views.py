"""Pages of the reporters' training: sessions, recording one with its attendance, and the
managers' list of reporters short of the quarterly minimum."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporters.profiles.selectors import is_reporter_staff
from reporters.training import selectors, services
from reporters.training.forms import TrainingForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def training_list(request):
    user = request.user
    if not (user.has_perm("reporters.file_report") or is_reporter_staff(user)):
        raise PermissionDenied
    return render(request, "reporters/training_list.html",
                  {"sessions": selectors.sessions_for(user).prefetch_related("attendees")[:200]})


def training_detail(request, pk: int):
    session = selectors.session_for_user(request.user, pk)
    attendees = session.attendees.order_by("username")
    if not request.user.has_perm(MANAGE):
        # Fellow attendees are shown only as far as the viewer may see them.
        visible = set(selectors.reporter_ids_for(request.user).values_list("user_id", flat=True))
        attendees = [user for user in attendees if user.pk in visible]
    return render(request, "reporters/training_detail.html",
                  {"session": session, "attendees": attendees})


@require_http_methods(["GET", "POST"])
def training_edit(request, pk: int | None = None):
    require_perm(request.user, MANAGE)
    session = selectors.session_for_user(request.user, pk) if pk is not None else None
    initial = None
    if session is not None:
        initial = {field: getattr(session, field) for field in (
            "held_on", "title", "topics", "lecturer_kind", "lecturer_staff", "lecturer_name",
            "hours", "place", "summary",
        )}
        initial["attendees"] = list(session.attendees.all())
    form = TrainingForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.training_save(
                actor=request.user, session=session,
                **{**data, "attendees": list(data["attendees"])},
            )
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The training session is recorded."))
            return redirect("reporters:training_detail", pk=session.pk)
    return render(request, "reporters/training_form.html", {"form": form, "session": session})


def training_compliance(request):
    require_perm(request.user, MANAGE)
    quarter = selectors.Quarter.parse(request.GET.get("quarter", "")) or selectors.Quarter.of()
    return render(request, "reporters/training_compliance.html", {
        "quarter": quarter, "previous": quarter.previous,
        "profiles": selectors.non_compliant(request.user, quarter),
        "min_sessions": settings.REPORTER_TRAINING_SESSIONS_PER_QUARTER,
        "min_hours": settings.REPORTER_TRAINING_HOURS_PER_QUARTER,
    })
