"""Background tasks of time nodes (AFF-8): overdue steps reach their owners every morning."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.duties.notices import overdue_steps_notify
from residents.common.jobs import periodic


# 00:30 UTC is 08:30 in China, before the window opens.
@periodic(cron="30 0 * * *", label=_("Tell step owners about overdue steps"))
def notify_overdue_steps(timestamp: int) -> None:
    overdue_steps_notify()
