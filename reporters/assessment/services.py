"""Half-yearly assessment (REP-8): self, peer and supervisor scores, the metrics from the data
and a grade; rewards and penalties with their grounds (REP-15)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.assessment.metrics import half_bounds, metrics_of
from reporters.models import (
    Assessment,
    Grade,
    PeerScore,
    Penalty,
    PenaltyGround,
    PenaltyKind,
    ReporterProfile,
    ReporterStatus,
    Reward,
    RewardKind,
)
from reporters.notify import notify
from reporters.profiles.services import reporter_set_status
from reporters.reports.services import number_next
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future

MANAGE = "reporters.manage_reporters"
# The weight of each score in the total (the supervisor sees the metrics when scoring).
WEIGHTS = {"self": Decimal("0.2"), "peer": Decimal("0.3"), "supervisor": Decimal("0.5")}
GRADE_FLOORS = ((Decimal(90), Grade.EXCELLENT), (Decimal(75), Grade.GOOD),
                (Decimal(60), Grade.PASS))


def grade_for(total: Decimal) -> str:
    for floor, grade in GRADE_FLOORS:
        if total >= floor:
            return grade
    return Grade.FAIL


def assessments_open(*, actor: User, year: int, half: int) -> int:
    """Open the half-year's assessment of every active reporter (once each). Returns how many
    were opened."""
    require_perm(actor, MANAGE)
    start, _end = half_bounds(year, half)
    if start > timezone.now():
        raise ActionRefused(_("This half-year has not begun yet."), field="half")
    opened = 0
    with transaction.atomic():
        for profile in ReporterProfile.objects.filter(
            status=ReporterStatus.ACTIVE
        ).select_related("user"):
            _assessment, created = Assessment.objects.get_or_create(
                reporter=profile.user, year=year, half=half, defaults={"opened_by": actor}
            )
            if created:
                opened += 1
                notify(
                    recipients=[profile.user],
                    text=_("Your half-yearly assessment %(year)s-%(half)s is open: give your "
                           "self assessment.") % {"year": year, "half": half},
                    url=reverse("reporters:assessment_detail", args=[_assessment.pk]),
                    key=f"reporter-assessment-{_assessment.pk}",
                )
    return opened


def _open(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_final:
        raise ActionRefused(_("The assessment is final."))
    return assessment


def assessment_self(
    *, actor: User, assessment: Assessment, score: Decimal, comment: str
) -> Assessment:
    with transaction.atomic():
        assessment = _open(assessment)
        if assessment.reporter_id != actor.pk:
            raise ActionRefused(_("Only the reporter gives the self assessment."))
        assessment.self_score = score
        assessment.self_comment = comment
        assessment.save(update_fields=["self_score", "self_comment"])
        return assessment


def peer_refusal(actor: User, assessment: Assessment) -> ActionRefused | None:
    """Why `actor` may not score `assessment` as a peer: only another active member of the
    reporter's work group does."""
    if actor.pk == assessment.reporter_id:
        return ActionRefused(_("Nobody scores themself as a peer."))
    mine = ReporterProfile.objects.filter(user=actor, status=ReporterStatus.ACTIVE).first()
    theirs = ReporterProfile.objects.filter(user_id=assessment.reporter_id).first()
    if mine is None or theirs is None or mine.group_id is None or mine.group_id != theirs.group_id:
        return ActionRefused(_("Only members of the same work group score each other."))
    return None


def assessment_peer(
    *, actor: User, assessment: Assessment, score: Decimal, comment: str
) -> PeerScore:
    with transaction.atomic():
        assessment = _open(assessment)
        refusal = peer_refusal(actor, assessment)
        if refusal is not None:
            raise refusal
        peer, _created = PeerScore.objects.update_or_create(
            assessment=assessment, scorer=actor, defaults={"score": score, "comment": comment}
        )
        return peer


def assessment_supervisor(
    *, actor: User, assessment: Assessment, score: Decimal, comment: str
) -> Assessment:
    require_perm(actor, MANAGE)
    with transaction.atomic():
        assessment = _open(assessment)
        if assessment.reporter_id == actor.pk:
            raise ActionRefused(_("Nobody scores themself as a supervisor."))
        assessment.supervisor_score = score
        assessment.supervisor_comment = comment
        assessment.supervisor = actor
        assessment.save(update_fields=["supervisor_score", "supervisor_comment", "supervisor"])
        return assessment


def total_of(assessment: Assessment) -> Decimal | None:
    """The weighted total of the scores given (a missing peer score leaves its weight out)."""
    parts = {"self": assessment.self_score, "supervisor": assessment.supervisor_score,
             "peer": assessment.peer_scores.aggregate(mean=Avg("score"))["mean"]}
    given = {name: Decimal(value) for name, value in parts.items() if value is not None}
    if "supervisor" not in given:
        return None
    weight = sum(WEIGHTS[name] for name in given)
    total = sum(WEIGHTS[name] * value for name, value in given.items()) / weight
    return total.quantize(Decimal("0.1"))


def assessment_finalise(*, actor: User, assessment: Assessment) -> Assessment:
    """Freeze the metrics, the total and the grade. The supervisor score and the self score
    are needed; peer scores count when there are any."""
    require_perm(actor, MANAGE)
    with transaction.atomic():
        assessment = _open(assessment)
        if assessment.self_score is None:
            raise ActionRefused(_("The reporter has not given the self assessment yet."))
        total = total_of(assessment)
        if total is None:
            raise ActionRefused(_("Give the supervisor score first."))
        profile = ReporterProfile.objects.get(user_id=assessment.reporter_id)
        assessment.metrics = metrics_of(
            reporter_id=assessment.reporter_id, began=profile.started_on,
            year=assessment.year, half=assessment.half,
        )
        assessment.total_score = total
        assessment.grade = grade_for(total)
        assessment.finalised_at = timezone.now()
        assessment.save(update_fields=["metrics", "total_score", "grade", "finalised_at"])
        notify(
            recipients=[assessment.reporter],
            text=_("Your half-yearly assessment %(year)s-%(half)s is final.")
            % {"year": assessment.year, "half": assessment.half},
            url=reverse("reporters:assessment_detail", args=[assessment.pk]),
            key=f"reporter-assessment-final-{assessment.pk}",
        )
        return assessment


def reward_grant(
    *, actor: User, reporter: User, kind: str, reason: str, awarded_on: datetime.date,
    amount: Decimal | None = None, item: str = "", assessment: Assessment | None = None,
) -> Reward:
    require_perm(actor, MANAGE)
    refuse_future(awarded_on, field="awarded_on")
    if not ReporterProfile.objects.filter(user=reporter).exists():
        raise ActionRefused(_("Choose a registered reporter."), field="reporter")
    if kind == RewardKind.BONUS and not (amount and amount > 0):
        raise ActionRefused(_("Give the amount of the bonus."), field="amount")
    if kind == RewardKind.MATERIAL and not item.strip():
        raise ActionRefused(_("Say what is given."), field="item")
    if assessment is not None and assessment.reporter_id != reporter.pk:
        raise ActionRefused(_("The assessment is another reporter's."), field="assessment")
    with transaction.atomic():
        number = number_next("certificate", "RY") if kind == RewardKind.CERTIFICATE else ""
        return Reward.objects.create(
            reporter=reporter, kind=kind, reason=reason, awarded_on=awarded_on,
            amount=amount if kind == RewardKind.BONUS else None,
            item=item if kind == RewardKind.MATERIAL else "", assessment=assessment,
            certificate_number=number, decided_by=actor,
        )


def penalty_decide(
    *, actor: User, reporter: User, kind: str, ground: str, details: str,
    decided_on: datetime.date,
) -> Penalty:
    """Record a penalty; a revocation also revokes the reporter at once (the register's own
    revocation: the account is closed, the history kept)."""
    require_perm(actor, MANAGE)
    refuse_future(decided_on, field="decided_on")
    profile = ReporterProfile.objects.filter(user=reporter).first()
    if profile is None:
        raise ActionRefused(_("Choose a registered reporter."), field="reporter")
    if profile.status == ReporterStatus.REVOKED:
        raise ActionRefused(_("This reporter is already revoked."), field="reporter")
    with transaction.atomic():
        penalty = Penalty.objects.create(
            reporter=reporter, kind=kind, ground=ground, details=details,
            decided_on=decided_on, decided_by=actor,
        )
        if kind == PenaltyKind.REVOCATION:
            reporter_set_status(
                actor=actor, profile=profile, status=ReporterStatus.REVOKED,
                reason=str(PenaltyGround(ground).label),
            )
        return penalty
