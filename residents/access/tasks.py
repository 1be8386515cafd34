"""Background tasks of exceptional access (ACC-2): lapsed grants expire every hour."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.access.services import grants_expire_lapsed
from residents.common.jobs import periodic


@periodic(cron="0 * * * *", label=_("Expire lapsed access grants"))
def expire_access_grants(timestamp: int) -> None:
    grants_expire_lapsed()
