"""Public pages without login: the board of handled complaints (CMP-3, PUB-1) and the online
complaint form (CMP-1).

The board reads only the columns it shows (dates, channel, type, the public texts), so no
name, contact or resident data is ever loaded for it, let alone rendered.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.board import affairs
from casework.board.notices import Notice, notice_response
from casework.complaints import services as complaint_services
from casework.complaints.forms import OnlineComplaintForm
from casework.complaints.services import TYPE_MARKS, ComplaintType
from casework.models import Case, CaseChannel, CaseKind
from residents.common.errors import ActionRefused
from residents.common.forms import HONEYPOT_FIELD, add_refusal
from residents.common.ratelimit import limit_public_submissions

PAGE_SIZE = 20
# The number of the complaint just sent, for its confirmation page (not personal).
SESSION_NUMBER = "complaint_number"
BOARD_COLUMNS = (
    "number", "opened_at", "channel", "public_summary", "public_result", "closed_at",
    "is_suggestion",
)


def published_complaints() -> QuerySet:
    """Closed, published complaints as plain rows of their public columns, newest first."""
    return (
        Case.objects.filter(
            kind=CaseKind.COMPLAINT, status=complaint_services.PUBLISHABLE_STATUS,
            published_at__isnull=False,
        )
        .annotate(
            is_suggestion=ExpressionWrapper(
                Q(subject__startswith=TYPE_MARKS[ComplaintType.SUGGESTION]),
                output_field=BooleanField(),
            )
        )
        .order_by("-published_at", "-pk")
        .values(*BOARD_COLUMNS)
    )


@login_not_required
@require_GET
def board(request):
    page = Paginator(published_complaints(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            **row,
            "channel_label": CaseChannel(row["channel"]).label,
            "type_label": (
                ComplaintType.SUGGESTION if row["is_suggestion"] else ComplaintType.COMPLAINT
            ).label,
        }
        for row in page.object_list
    ]
    return render(request, "casework/board/board.html", {"page": page, "rows": rows})


@login_not_required
@require_GET
def affairs_board(request):
    """Results of handled affairs (PUB-2), newest first."""
    page = Paginator(affairs.handled_affairs(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/board/affairs.html", {
        "page": page, "rows": affairs.public_rows(page.object_list),
    })


@login_not_required
@require_GET
def affairs_notice(request):
    """The same list as an A4 notice for the bulletin board: the last NOTICE_DAYS days."""
    since, rows = affairs.notice_rows()
    return notice_response(Notice(
        title=_("Notice: results of handled affairs"),
        subtitle=_("Affairs handled from %(since)s to %(today)s") % {
            "since": since.isoformat(), "today": timezone.localdate().isoformat(),
        },
        columns=[_("Case number"), _("Affair"), _("Applicant"), _("Result"), _("Handled on")],
        rows=[[row["number"], row["item"], row["masked_name"], row["result"],
               timezone.localtime(row["closed_at"]).date().isoformat()] for row in rows],
        empty=_("No affairs were handled in this period."), filename="affairs-notice",
    ))


@login_not_required
@require_GET
def board_notice(request):
    """The complaints board as an A4 notice: the results published in the last NOTICE_DAYS."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=affairs.NOTICE_DAYS)
    start = datetime.datetime.combine(since, datetime.time(),
                                      tzinfo=timezone.get_current_timezone())
    rows = published_complaints().filter(published_at__gte=start)
    return notice_response(Notice(
        title=_("Notice: results of handled complaints and suggestions"),
        subtitle=_("Results published from %(since)s to %(today)s") % {
            "since": since.isoformat(), "today": today.isoformat(),
        },
        columns=[_("Case number"), _("Type"), _("Summary"), _("Result"), _("Handled on")],
        rows=[[
            row["number"],
            (ComplaintType.SUGGESTION if row["is_suggestion"] else ComplaintType.COMPLAINT).label,
            row["public_summary"], row["public_result"],
            timezone.localtime(row["closed_at"]).date().isoformat() if row["closed_at"] else "",
        ] for row in rows],
        empty=_("No results were published in this period."), filename="complaints-notice",
        wrapped=frozenset({2, 3}),
    ))


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_public_submissions("complaint")
def complaint_new(request):
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            # A robot filled the hidden field: it gets the usual answer, nothing is saved.
            request.session.pop(SESSION_NUMBER, None)
            return redirect("public:complaint_done")
        form = OnlineComplaintForm(request.POST)
        if form.is_valid():
            try:
                case = complaint_services.complaint_submit_online(**form.service_arguments())
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                request.session[SESSION_NUMBER] = case.number
                return redirect("public:complaint_done")
    else:
        form = OnlineComplaintForm()
    return render(
        request, "casework/complaint/online_form.html",
        {"form": form, "time_limit_days": settings.COMPLAINT_TIME_LIMIT_DAYS},
    )


@login_not_required
@require_GET
def complaint_done(request):
    return render(
        request, "casework/complaint/online_done.html",
        {
            "number": request.session.get(SESSION_NUMBER, ""),
            "time_limit_days": settings.COMPLAINT_TIME_LIMIT_DAYS,
        },
    )
