"""Scheduled jobs of the reporters (cron in UTC; Beijing is UTC+8)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporters.emergencies.services import emergencies_escalate_overdue
from reporters.weekly.services import weekly_compile_and_mail, weekly_reminder
from residents.common.jobs import periodic


@periodic(cron="*/5 * * * *", label=_("Escalate overdue written emergency reports"))
def escalate_overdue_emergencies(timestamp: int) -> None:
    emergencies_escalate_overdue()


# Friday 17:30 in Beijing, after the routine reports are due.
@periodic(cron="30 9 * * 5", label=_("Mail the week's information reports"))
def mail_weekly_reports(timestamp: int) -> None:
    weekly_compile_and_mail()


# Friday 19:00 in Beijing.
@periodic(cron="0 11 * * 5", label=_("Remind managers of reporters who have not reported"))
def remind_missing_reporters(timestamp: int) -> None:
    weekly_reminder()
