"""Work groups: managers see and change every group."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from reporters.models import WorkGroup


def groups_for(user) -> QuerySet[WorkGroup]:
    if not user.has_perm("reporters.manage_reporters"):
        return WorkGroup.objects.none()
    return WorkGroup.objects.select_related("reviewer").annotate(member_count=Count("members"))
