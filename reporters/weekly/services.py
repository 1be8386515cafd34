"""The weekly rhythm (REP-3, REP-11): at least one routine report per reporter per week, due at
REPORT_WEEKLY_DUE (Beijing time); managers see who is missing and are told on Friday evening;
the week's approved reports are compiled into one PDF and mailed to REPORT_MAILBOX."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import (
    Report,
    ReporterProfile,
    ReporterStatus,
    ReportStatus,
    WeeklyMailing,
)
from reporters.notify import managers, notify
from residents.common.pdf import render_pdf

_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _due_setting() -> tuple[int, datetime.time]:
    day, clock = settings.REPORT_WEEKLY_DUE.split()
    hour, minute = clock.split(":")
    return _DAYS.index(day.upper()), datetime.time(int(hour), int(minute))


def week_start(now: datetime.datetime | None = None) -> datetime.date:
    today = timezone.localtime(now or timezone.now()).date()
    return today - datetime.timedelta(days=today.weekday())


def week_bounds(
    now: datetime.datetime | None = None,
) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of the week (Monday 00:00 local) and the week's due time."""
    monday = week_start(now)
    weekday, clock = _due_setting()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(0, 0), tzinfo=zone)
    due = datetime.datetime.combine(monday + datetime.timedelta(days=weekday), clock, tzinfo=zone)
    return start, due


def reporters_missing(now: datetime.datetime | None = None) -> QuerySet[ReporterProfile]:
    """Active reporters who have submitted no report since the week began."""
    start, _due = week_bounds(now)
    reported = Report.objects.filter(first_submitted_at__gte=start).values("author_id")
    return (
        ReporterProfile.objects.filter(status=ReporterStatus.ACTIVE, started_on__lte=start.date())
        .exclude(user_id__in=reported)
        .select_related("user", "group")
    )


def is_past_due(now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return now > week_bounds(now)[1]


def weekly_reminder(*, now: datetime.datetime | None = None) -> int:
    """Friday evening: tell the managers how many reporters have not reported this week (once
    per week: the inbox key). Returns that number."""
    now = now or timezone.now()
    missing = reporters_missing(now).count()
    if missing:
        notify(
            recipients=managers(),
            text=_("%(count)s reporters have not submitted a report this week.")
            % {"count": missing},
            url=reverse("reporters:weekly"),
            key=f"reporters-weekly-missing-{week_start(now).isoformat()}",
        )
    return missing


def week_reports(now: datetime.datetime | None = None) -> QuerySet[Report]:
    start, _due = week_bounds(now)
    end = start + datetime.timedelta(days=7)
    return Report.objects.filter(
        status__in=[ReportStatus.APPROVED, ReportStatus.HANDLED],
        first_submitted_at__gte=start, first_submitted_at__lt=end,
    ).select_related("author", "group").order_by("number")


def weekly_compile_and_mail(*, now: datetime.datetime | None = None) -> WeeklyMailing | None:
    """Compile the week's approved reports into one PDF and mail it to REPORT_MAILBOX; the mail
    and its attachment are recorded. A week is mailed once."""
    now = now or timezone.now()
    monday = week_start(now)
    with transaction.atomic():
        if WeeklyMailing.objects.select_for_update().filter(week_start=monday).exists():
            return None
        reports = list(week_reports(now))
        pdf = render_pdf(
            template="reporters/pdf/weekly.html",
            context={"reports": reports, "week_start": monday,
                     "week_end": monday + datetime.timedelta(days=6)},
        )
        name = f"weekly-{monday.isoformat()}.pdf"
        mailing = WeeklyMailing.objects.create(
            week_start=monday, sent_at=timezone.now(), recipient=settings.REPORT_MAILBOX,
            report_numbers=[report.number for report in reports], attachment_name=name,
            attachment_sha256=hashlib.sha256(pdf).hexdigest(), attachment=pdf,
        )
        message = EmailMessage(
            subject=_("Information reports of the week starting %(day)s")
            % {"day": monday.isoformat()},
            body=_("The %(count)s approved information reports of the week are attached.")
            % {"count": len(reports)},
            to=[settings.REPORT_MAILBOX],
        )
        message.attach(name, pdf, "application/pdf")
        # Inside the transaction: a mail that cannot be sent leaves no record of sending.
        message.send(fail_silently=False)
        return mailing
