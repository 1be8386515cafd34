"""Reports as each user may see them: reporters their own, reviewers their groups', managers
all (drafts stay with their author)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from reporters.models import Report, ReportResident, ReportStatus

REVIEW_ANY = "reporters.review_any_report"


def reports_for(user) -> QuerySet[Report]:
    if not user.is_authenticated:
        return Report.objects.none()
    own = Q(author=user)
    if user.has_perm(REVIEW_ANY):
        visible = own | ~Q(status=ReportStatus.DRAFT)
    else:
        visible = own | (Q(group__reviewer=user) & ~Q(status=ReportStatus.DRAFT))
    return Report.objects.filter(visible).select_related("author", "group")


def report_for_user(user, pk: int) -> Report:
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def named_residents(report: Report) -> list[ReportResident]:
    return list(report.named_residents.select_related("resident").order_by("pk"))


def awaiting_review(user) -> QuerySet[Report]:
    return reports_for(user).filter(status=ReportStatus.SUBMITTED).exclude(author=user)
