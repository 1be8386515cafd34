"""Filing (ARC-7): a closed case goes into its year's case volume, a closed information report
into its year's report volume, once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import ArchiveCategory, ContentClass, Volume, VolumeItem
from archives.volumes.services import volume_open


def _year_volume(year: int, actor, *, category: str, content_class: str, title: str) -> Volume:
    """The year's volume of cases or of reports, opened when missing."""
    volume = Volume.objects.filter(
        category=category, content_class=content_class, year=year, destroyed_at__isnull=True,
    ).order_by("number").first()
    if volume is None:
        volume = volume_open(
            actor=actor, title=title, category=category, content_class=content_class,
            year=year, check=False,
        )
    return volume


def case_volume(year: int, actor) -> Volume:
    return _year_volume(year, actor, category=ArchiveCategory.CASES,
                        content_class=ContentClass.CASES,
                        title=_("Case files %(year)s") % {"year": year})


def report_volume(year: int, actor) -> Volume:
    return _year_volume(year, actor, category=ArchiveCategory.REPORTS,
                        content_class=ContentClass.REPORTS,
                        title=_("Information reports %(year)s") % {"year": year})


def case_file(case) -> VolumeItem:
    """File a closed case with its steps, slips and materials; a second call changes nothing.
    Called by casework when a case closes (casework.engine.hooks)."""
    existing = VolumeItem.objects.filter(case=case).first()
    if existing is not None:
        return existing
    year = timezone.localtime(case.closed_at or timezone.now()).year
    # The volume is opened by whoever closed the case's last step.
    last_step = case.steps.order_by("-pk").first()
    actor = last_step.actor if last_step else get_user_model().objects.get(pk=case.opened_by_id)
    with transaction.atomic():
        volume = case_volume(year, actor)
        contents = {
            "steps": case.steps.count(),
            "slips": case.slips.count(),
            "materials": case.materials.count(),
        }
        item, _created = VolumeItem.objects.get_or_create(
            case=case, defaults={"volume": volume, "contents": contents}
        )
    return item


def case_filing(case) -> VolumeItem | None:
    return VolumeItem.objects.filter(case=case).select_related("volume").first()


def report_file(report, actor) -> VolumeItem:
    """File a report whose loop closed (residents satisfied) with what it holds — submissions,
    reviews, attachments, evaluations — into its year's report volume; a second call changes
    nothing. Called by reporters when the loop closes (reporters.reports.hooks)."""
    existing = VolumeItem.objects.filter(report=report).first()
    if existing is not None:
        return existing
    year = timezone.localtime(timezone.now()).year
    with transaction.atomic():
        # A volume missing for the year is opened in the name of the manager who handled the
        # report (the evaluation may be recorded by the reporter).
        volume = report_volume(year, report.handled_by or actor)
        contents = {
            "submissions": report.submissions.count(),
            "reviews": report.reviews.count(),
            "attachments": report.attachments.count(),
            "evaluations": report.evaluations.count(),
        }
        item, _created = VolumeItem.objects.get_or_create(
            report=report, defaults={"volume": volume, "contents": contents}
        )
    return item


def report_filing(report) -> VolumeItem | None:
    return VolumeItem.objects.filter(report=report).select_related("volume").first()
