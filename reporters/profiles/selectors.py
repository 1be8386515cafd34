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


def reporter_ids_for(user) -> QuerySet:
    """The accounts whose tasks, training and work file the user may see: a reporter their
    own, a designated reviewer their groups' members, managers every reporter."""
    return profiles_for(user).values("user_id")


def is_reporter_staff(user) -> bool:
    """Managers and designated reviewers: those who look after other reporters."""
    return user.is_authenticated and (
        user.has_perm(MANAGE) or user.reviewed_work_groups.exists()
    )
