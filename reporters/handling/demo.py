"""Demo handling: an approved environment report whose handling opened a rectification."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from reporters.handling.services import report_case_open
from reporters.models import Report, ReportCase, ReportCategory, ReportStatus
from reporters.reports import services as reports
from reporters.review import services as review
from residents.audit.context import acting_as
from residents.models import Resident

ENVIRONMENT = {
    "category": "environment", "title": "十一号楼旁化粪池盖板破损",
    "collection_method": "observation",
    "source": "日常巡查", "facts": "十一号楼东侧化粪池盖板破损，有坠落风险。",
    "analysis": "盖板老化，附近儿童常在此玩耍。", "suggested_measures": "设置围挡，尽快更换盖板。",
    "problem_area": "十一号楼东侧", "causes": "盖板使用年限过长，未定期检查。",
}


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if ReportCase.objects.exists():
        return 0
    manager, reporter = users["manager"], users["reporter"]
    report = Report.objects.filter(
        category=ReportCategory.ENVIRONMENT, status=ReportStatus.APPROVED
    ).first()
    if report is None:
        with acting_as(reporter):
            report = reports.report_create(actor=reporter, **ENVIRONMENT)
            report = reports.report_submit(actor=reporter, report=report)
        with acting_as(manager):
            review.report_review(actor=manager, report=report, truthful=True, complete=True,
                                 accurate=True, well_formatted=True, reason="")
    with acting_as(manager):
        report_case_open(
            actor=manager, report=report, target="rectification",
            responsible=users["frontdesk"],
            deadline=timezone.localdate() + datetime.timedelta(days=5),
            requirements="当日设置围挡，五日内更换盖板。",
        )
    return 1
