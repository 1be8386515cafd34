"""Assessments, rewards and penalties as each user may see them: a reporter their own, a
designated reviewer their groups', managers all; peers score without seeing the file."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporters.models import Assessment, Penalty, ReporterProfile, ReporterStatus, Reward
from reporters.profiles.selectors import reporter_ids_for


def assessments_for(user) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(reporter_id__in=reporter_ids_for(user)).select_related(
        "reporter", "supervisor"
    )


def assessment_for_user(user, pk: int) -> Assessment:
    assessment = assessments_for(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def peer_assessments_for(user) -> QuerySet[Assessment]:
    """Open assessments of the other active members of the user's work group."""
    profile = ReporterProfile.objects.filter(
        user_id=getattr(user, "pk", None), status=ReporterStatus.ACTIVE, group__isnull=False
    ).first()
    if profile is None:
        return Assessment.objects.none()
    return Assessment.objects.filter(
        finalised_at__isnull=True, reporter__reporter_profile__group_id=profile.group_id,
        reporter__reporter_profile__status=ReporterStatus.ACTIVE,
    ).exclude(reporter=user).select_related("reporter")


def rewards_for(user) -> QuerySet[Reward]:
    if not user.is_authenticated:
        return Reward.objects.none()
    return Reward.objects.filter(reporter_id__in=reporter_ids_for(user)).select_related(
        "reporter"
    )


def reward_for_user(user, pk: int) -> Reward:
    reward = rewards_for(user).filter(pk=pk).first()
    if reward is None:
        raise Http404
    return reward


def penalties_for(user) -> QuerySet[Penalty]:
    if not user.is_authenticated:
        return Penalty.objects.none()
    return Penalty.objects.filter(reporter_id__in=reporter_ids_for(user)).select_related(
        "reporter"
    )
