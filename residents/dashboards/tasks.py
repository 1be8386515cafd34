"""The dashboards' figures are counted ahead every five minutes, so a page finds them stored."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.common.jobs import periodic
from residents.dashboards.figures import refresh_running_periods


@periodic(cron="*/5 * * * *", label=_("Count the dashboards' figures"))
def refresh_dashboards(timestamp: int) -> None:
    refresh_running_periods()
