"""Residents' own reports the user may handle: of residents they may see, and only for users
whose role sees the feedback group (the reports are online feedback)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.models import SelfReport, SelfReportStatus
from residents.people.selectors import residents_visible_to


def self_reports_visible_to(user) -> QuerySet[SelfReport]:
    if not user.has_perm("residents.view_selfreport"):
        return SelfReport.objects.none()
    if not policy_for(user).can_see_group(FieldGroup.FEEDBACK):
        return SelfReport.objects.none()
    return SelfReport.objects.filter(resident__in=residents_visible_to(user)).select_related(
        "resident", "handled_by"
    )


def pending_self_reports(user) -> QuerySet[SelfReport]:
    return self_reports_visible_to(user).filter(status=SelfReportStatus.PENDING)


def self_report_for_user(user, pk) -> SelfReport:
    try:
        return self_reports_visible_to(user).get(pk=pk)
    except (SelfReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
