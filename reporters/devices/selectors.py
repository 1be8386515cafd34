"""Device checks as each user may see them: a reporter their own, a reviewer their groups',
managers all."""

from __future__ import annotations

from django.db.models import QuerySet

from reporters.models import DeviceCheck
from reporters.profiles.selectors import reporter_ids_for


def checks_for(user) -> QuerySet[DeviceCheck]:
    if not user.is_authenticated:
        return DeviceCheck.objects.none()
    return DeviceCheck.objects.filter(reporter_id__in=reporter_ids_for(user)).select_related(
        "reporter", "checked_by"
    )
