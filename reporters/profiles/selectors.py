"""The reporter register as each user may see it: managers every reporter, a designated
reviewer the members of their groups, a reporter their own work file."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from reporters.models import ReporterProfile

MANAGE = "reporters.manage_reporters"


def profiles_for(user) -> QuerySet[ReporterProfile]:
    if not user.is_authenticated:
        return ReporterProfile.objects.none()
    visible = Q() if user.has_perm(MANAGE) else Q(user=user) | Q(group__reviewer=user)
    return ReporterProfile.objects.filter(visible).select_related("user", "group")


def profile_for_user(user, pk: int) -> ReporterProfile:
    profile = profiles_for(user).filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def own_profile(user) -> ReporterProfile | None:
    if not user.is_authenticated:
        return None
    return ReporterProfile.objects.filter(user=user).select_related("group").first()
