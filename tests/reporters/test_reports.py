"""Reports (REP-2, REP-3, REP-5, REP-10, ACC-2): what each category needs, the review with four
eyes, correction and resubmission with history, and the residents a report names."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporters.models import Report, ReportStatus
from reporters.reports import services as reports
from reporters.review import services as review
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Notification
from tests.factories import make_resident, make_user
from tests.reporters.helpers import EVENT, OPINION, PNG_1X1, make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


@pytest.fixture
def reviewer():
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def reporter(manager, reviewer):
    group = make_group(manager, reviewer=reviewer)
    user, _profile = make_reporter(manager, group=group)
    return user


def test_each_category_asks_for_its_own_fields_next_to_them(client, reporter):
    client.force_login(reporter)
    data = {**EVENT, "occurred_at": "2026-11-30T08:00", "place": "", "course": ""}
    response = client.post(reverse("reporters:report_new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"place", "course"}
    assert "此类信息报告必须填写此项" in response.content.decode()
    assert not Report.objects.exists()


def test_fields_of_another_category_are_not_kept(reporter):
    report = make_report(reporter, {**OPINION, "place": "三号楼", "project": "路面修缮"})
    assert report.place == "" and report.project == ""
    assert report.proposer == "王阿姨"


def test_a_report_goes_from_draft_to_review_to_handled_and_the_reporter_is_told(
    reporter, reviewer, manager
):
    report = make_report(reporter)
    assert report.status == ReportStatus.DRAFT and report.number.startswith("XB")
    report = reports.report_submit(actor=reporter, report=report)
    assert report.status == ReportStatus.SUBMITTED
    review.report_review(actor=reviewer, report=report, **ALL_GOOD)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    report = review.report_handle(actor=manager, report=report, result="已协调物业采购器材")
    assert report.status == ReportStatus.HANDLED
    texts = list(Notification.objects.filter(recipient=reporter).values_list("text", flat=True))
    assert any("审核通过" in text for text in texts)
    assert any("已处理" in text for text in texts)


def test_the_author_never_reviews_their_own_report(manager):
    # A manager who is also the author: four eyes still holds.
    group = make_group(manager, name="第二小组")
    author, _profile = make_reporter(manager, group=group)
    report = make_report(author, submit=True)
    with pytest.raises(ActionRefused, match="不得审核自己的报告"):
        review.report_review(actor=author, report=report, **ALL_GOOD)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_only_the_groups_reviewer_or_a_manager_reviews(reporter):
    stranger = make_user(roles.FRONT_DESK)
    report = make_report(reporter, submit=True)
    with pytest.raises(ActionRefused):
        review.report_review(actor=stranger, report=report, **ALL_GOOD)


def test_a_rejection_says_what_is_wrong_and_the_corrected_report_keeps_its_history(
    reporter, reviewer
):
    report = make_report(reporter, submit=True)
    with pytest.raises(ActionRefused) as refused:
        review.report_review(actor=reviewer, report=report, **{**ALL_GOOD, "accurate": False})
    assert refused.value.field == "reason"
    review.report_review(
        actor=reviewer, report=report, **{**ALL_GOOD, "accurate": False, "reason": "人数不准确"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    report = reports.report_update(actor=reporter, report=report,
                                   **{**OPINION, "facts": "十二名居民反映缺少健身器材"})
    report = reports.report_submit(actor=reporter, report=report)
    review.report_review(actor=reviewer, report=report, **ALL_GOOD)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert [s.content["facts"] for s in report.submissions.all()] == [
        OPINION["facts"], "十二名居民反映缺少健身器材"
    ]
    assert [r.approved for r in report.reviews.all()] == [False, True]


def test_a_reporter_sees_only_their_own_reports_and_the_reviewer_their_groups(
    client, manager, reporter, reviewer
):
    other, _profile = make_reporter(manager)
    own = make_report(reporter, submit=True)
    theirs = make_report(other, submit=True)
    client.force_login(reporter)
    assert client.get(reverse("reporters:report_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reporters:report_detail", args=[theirs.pk])).status_code == 404
    client.force_login(reviewer)
    assert client.get(reverse("reporters:report_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reporters:report_detail", args=[theirs.pk])).status_code == 404


def test_a_resident_is_named_by_number_and_seen_only_through_the_report(
    client, reporter, reviewer
):
    front_desk = make_user(roles.FRONT_DESK)
    resident = make_resident(actor=front_desk)
    report = make_report(reporter)
    reports.resident_link(actor=reporter, report=report, number=resident.id_number)
    client.force_login(reporter)
    before = LogEntry.objects.count()
    page = client.get(reverse("reporters:report_detail", args=[report.pk])).content.decode()
    assert resident.name in page and resident.address in page
    assert resident.id_number not in page and resident.phone not in page
    read = LogEntry.objects.order_by("-pk").first()
    assert LogEntry.objects.count() > before
    assert read.object_pk == str(resident.pk) and read.additional_data["purpose"] == "report_detail"
    # Nothing else of the register.
    assert client.get(reverse("residents:detail", args=[resident.pk])).status_code == 404
    assert client.get(reverse("residents:list")).status_code == 403


def test_a_wrong_number_says_only_not_found_and_attempts_are_limited(settings, reporter):
    settings.REPORT_LINK_ATTEMPTS_PER_HOUR = 3
    front_desk = make_user(roles.FRONT_DESK)
    unverified = make_resident(actor=front_desk, status="submitted")
    report = make_report(reporter)
    messages = set()
    for number in ("JM-2026-999999", unverified.id_number, "not a number"):
        with pytest.raises(ActionRefused) as refused:
            reports.resident_link(actor=reporter, report=report, number=number)
        messages.add(refused.value.message)
    assert messages == {"未找到。"}
    with pytest.raises(ActionRefused, match="一小时后再试"):
        reports.resident_link(actor=reporter, report=report, number="JM-2026-000001")
    refused_entries = LogEntry.objects.filter(
        actor=reporter, additional_data__purpose="report_link", additional_data__event="denied"
    )
    assert refused_entries.count() == 3
    assert all(unverified.id_number not in str(e.additional_data) for e in refused_entries)


def test_attachments_are_images_or_pdf_checked_by_content(client, reporter):
    report = make_report(reporter)
    client.force_login(reporter)
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\necho hi\n", content_type="image/png")
    response = client.post(reverse("reporters:report_attach", args=[report.pk]),
                           {"attach-file": fake})
    assert response.status_code == 200
    assert response.context["attach_form"].errors["file"]
    photo = SimpleUploadedFile("photo.png", PNG_1X1, content_type="image/png")
    response = client.post(reverse("reporters:report_attach", args=[report.pk]),
                           {"attach-file": photo, "attach-description": "现场"})
    assert response.status_code == 302
    attachment = report.attachments.get()
    download = client.get(reverse("reporters:report_attachment", args=[report.pk, attachment.pk]))
    assert download.status_code == 200 and download.content == PNG_1X1


def test_report_texts_are_masked_in_the_change_log(reporter):
    report = make_report(reporter)
    entry = LogEntry.objects.get_for_object(report).order_by("pk").first()
    assert "王阿姨" not in str(entry.changes)


def test_the_residents_evaluation_closes_the_loop_or_reopens_the_report(
    reporter, reviewer, manager
):
    report = make_report(reporter, submit=True)
    review.report_review(actor=reviewer, report=report, **ALL_GOOD)
    report = review.report_handle(actor=manager, report=report, result="已协调物业")
    with pytest.raises(ActionRefused) as refused:
        review.report_evaluate(actor=reporter, report=report, satisfied=False, comment="")
    assert refused.value.field == "comment"
    review.report_evaluate(actor=reporter, report=report, satisfied=False, comment="器材太少")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert Notification.objects.filter(recipient=manager, text__contains="不满意").exists()
    report = review.report_handle(actor=manager, report=report, result="已增加两组器材")
    review.report_evaluate(actor=reporter, report=report, satisfied=True, comment="")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert [e.satisfied for e in report.evaluations.all()] == [False, True]
