"""Review of information reports (REP-5): the group's designated reviewer or a manager judges
truth, completeness, accuracy and format; never the author (four eyes, ACC-8)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reporters.models import Report, ReportEvaluation, ReportReview, ReportStatus
from reporters.reports import hooks as report_hooks
from residents.common.errors import ActionRefused

REVIEW_ANY = "reporters.review_any_report"


def _locked(report: Report) -> Report:
    # Only the report row: the group is read, not changed.
    return (
        Report.objects.select_for_update(of=("self",)).select_related("group").get(pk=report.pk)
    )


def is_reviewer_of(user: User, report: Report) -> bool:
    """Managers review every report; a group's designated reviewer reviews the group's."""
    if user.has_perm(REVIEW_ANY):
        return True
    return report.group_id is not None and report.group.reviewer_id == user.pk


def review_refusal(report: Report, actor: User) -> ActionRefused | None:
    """Why `actor` may not review `report` now, or None (asked by the service under the
    report's lock and by the page, which leaves the form out and says why)."""
    if report.author_id == actor.pk:
        return ActionRefused(
            _("“Review” needs another person: you wrote report %(number)s, and nobody reviews "
              "their own report.") % {"number": report.number}
        )
    if not is_reviewer_of(actor, report):
        return ActionRefused(_("Only the group's designated reviewer or a manager reviews it."))
    if report.status != ReportStatus.SUBMITTED:
        return ActionRefused(_("Only a report awaiting review can be reviewed."))
    return None


def report_review(
    *, actor: User, report: Report, truthful: bool, complete: bool, accurate: bool,
    well_formatted: bool, reason: str,
) -> ReportReview:
    """Approve when all four hold; otherwise return the report saying what is wrong."""
    with transaction.atomic():
        report = _locked(report)
        refusal = review_refusal(report, actor)
        if refusal is not None:
            raise refusal
        approved = truthful and complete and accurate and well_formatted
        if not approved and not reason.strip():
            raise ActionRefused(
                _("Say what is wrong, so that the reporter can correct it."), field="reason"
            )
        report.status = ReportStatus.APPROVED if approved else ReportStatus.REJECTED
        report.save(update_fields=["status"])
        review = ReportReview.objects.create(
            report=report, reviewer=actor, truthful=truthful, complete=complete,
            accurate=accurate, well_formatted=well_formatted, approved=approved, reason=reason,
        )
    _tell_author(report, approved)
    return review


def report_handle(*, actor: User, report: Report, result: str) -> Report:
    """Record how an approved report was handled; the result is fed back to the reporter."""
    with transaction.atomic():
        report = _locked(report)
        if not actor.has_perm(REVIEW_ANY):
            raise ActionRefused(_("Only managers record how a report was handled."))
        if report.status != ReportStatus.APPROVED:
            raise ActionRefused(_("Only an approved report is handled."))
        if not result.strip():
            raise ActionRefused(_("Say how it was handled."), field="result")
        report.status = ReportStatus.HANDLED
        report.handled_by = actor
        report.handled_at = timezone.now()
        report.handling_result = result
        report.save(update_fields=["status", "handled_by", "handled_at", "handling_result"])
    _tell_author(report, None)
    return report


def _tell_author(report: Report, approved: bool | None) -> None:
    """Feedback to the reporter through the notifications inbox (once the inbox exists)."""
    from reporters.notify import notify

    if approved is None:
        text = _("Report %(number)s has been handled.")
    elif approved:
        text = _("Report %(number)s was approved.")
    else:
        text = _("Report %(number)s was returned for correction.")
    notify(
        recipients=[report.author], text=text % {"number": report.number},
        url=reverse("reporters:report_detail", args=[report.pk]),
        key=f"report-{report.pk}-{report.status}-{report.reviews.count()}",
    )


def report_evaluate(*, actor: User, report: Report, satisfied: bool, comment: str):
    """Record the residents' evaluation of the handling: by the reporter who collected it or by
    a manager. Satisfied closes the report; not satisfied reopens it for handling again and
    tells the managers. Every evaluation is kept."""
    with transaction.atomic():
        report = _locked(report)
        if report.author_id != actor.pk and not actor.has_perm(REVIEW_ANY):
            raise ActionRefused(_("The reporter or a manager records the residents' evaluation."))
        if report.status != ReportStatus.HANDLED:
            raise ActionRefused(_("Only a handled report is evaluated."))
        if not satisfied and not comment.strip():
            raise ActionRefused(_("Say what the residents are not satisfied with."),
                                field="comment")
        evaluation = ReportEvaluation.objects.create(
            report=report, satisfied=satisfied, comment=comment, recorded_by=actor
        )
        report.status = ReportStatus.CLOSED if satisfied else ReportStatus.APPROVED
        report.save(update_fields=["status"])
        if satisfied:
            # The loop is closed: the archives file the report (registered there).
            report_hooks.report_closed(report, actor)
    if not satisfied:
        from reporters.notify import managers, notify

        notify(
            recipients=managers(),
            text=_("Report %(number)s: the residents are not satisfied; it is open for "
                   "handling again.") % {"number": report.number},
            url=reverse("reporters:report_detail", args=[report.pk]),
            key=f"report-{report.pk}-reopened-{evaluation.pk}",
        )
    return evaluation
