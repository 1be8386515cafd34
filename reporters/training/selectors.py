"""Training as each user may see it, and each reporter's quarterly compliance (REP-7, REP-14):
at least REPORTER_TRAINING_SESSIONS_PER_QUARTER sessions and REPORTER_TRAINING_HOURS_PER_QUARTER
hours, counted in SQL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from reporters.models import ReporterProfile, ReporterStatus, TrainingSession
from reporters.profiles.selectors import profiles_for, reporter_ids_for

MANAGE = "reporters.manage_reporters"


def sessions_for(user) -> QuerySet[TrainingSession]:
    """Managers every session; others the sessions attended by reporters they may see."""
    if not user.is_authenticated:
        return TrainingSession.objects.none()
    sessions = TrainingSession.objects.select_related("lecturer_staff")
    if user.has_perm(MANAGE):
        return sessions
    return sessions.filter(attendances__reporter_id__in=reporter_ids_for(user)).distinct()


def session_for_user(user, pk: int) -> TrainingSession:
    session = sessions_for(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date | None = None) -> Quarter:
        day = day or timezone.localdate()
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """"2026-4" → the fourth quarter of 2026; anything else None."""
        try:
            year, number = (int(part) for part in text.split("-"))
        except ValueError:
            return None
        return cls(year, number) if 2000 <= year <= 2100 and 1 <= number <= 4 else None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the quarter."""
        if self.number == 4:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, 3 * self.number + 1, 1)

    @property
    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"


def with_training(profiles: QuerySet[ReporterProfile], quarter: Quarter) -> QuerySet:
    """Each profile with `sessions` attended and `hours` of training in the quarter, and
    `compliant`."""
    in_quarter = Q(
        user__training_attendances__session__held_on__gte=quarter.start,
        user__training_attendances__session__held_on__lt=quarter.end,
    )
    return profiles.annotate(
        sessions=Count("user__training_attendances", filter=in_quarter),
        hours=Coalesce(
            Sum("user__training_attendances__session__hours", filter=in_quarter),
            Value(Decimal(0)), output_field=DecimalField(max_digits=6, decimal_places=1),
        ),
    )


def is_compliant(profile) -> bool:
    return (
        profile.sessions >= settings.REPORTER_TRAINING_SESSIONS_PER_QUARTER
        and profile.hours >= settings.REPORTER_TRAINING_HOURS_PER_QUARTER
    )


def non_compliant(user, quarter: Quarter) -> QuerySet:
    """Active reporters who had started by the quarter's end and fall short of the minimum."""
    profiles = profiles_for(user).filter(
        status=ReporterStatus.ACTIVE, started_on__lt=quarter.end
    )
    return with_training(profiles, quarter).filter(
        Q(sessions__lt=settings.REPORTER_TRAINING_SESSIONS_PER_QUARTER)
        | Q(hours__lt=settings.REPORTER_TRAINING_HOURS_PER_QUARTER)
    ).order_by("user__username")


def compliance_of(profile: ReporterProfile, quarter: Quarter) -> dict:
    row = with_training(ReporterProfile.objects.filter(pk=profile.pk), quarter).get()
    return {"quarter": quarter, "sessions": row.sessions, "hours": row.hours,
            "compliant": is_compliant(row)}
