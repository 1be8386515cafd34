"""Half-yearly assessment (REP-8), rewards and penalties (REP-15): self, peer (same group, not
oneself) and supervisor scores, metrics counted from the data, a grade, the honour certificate,
and a revocation that ends access at once."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reporters.assessment import services as assessment
from reporters.assessment.metrics import metrics_of
from reporters.emergencies import services as emergencies
from reporters.models import Assessment, Grade, ReporterStatus
from reporters.review import services as review
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
# Tuesday 3 November 2026 and the weeks after, in the second half of 2026.
TUESDAY = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=BEIJING)
ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def _open(manager) -> None:
    assessment.assessments_open(actor=manager, year=2026, half=2)


def test_metrics_are_counted_from_the_reporters_data(manager):
    with time_machine.travel(TUESDAY - datetime.timedelta(days=60), tick=False):
        reporter, profile = make_reporter(manager)
    # Week of 2 November: on time, approved, handled and closed with residents satisfied.
    with time_machine.travel(TUESDAY, tick=False):
        closed = make_report(reporter, submit=True)
        review.report_review(actor=manager, report=closed, **ALL_GOOD)
        review.report_handle(actor=manager, report=closed, result="已处理")
        review.report_evaluate(actor=reporter, report=closed, satisfied=True, comment="满意")
        call = emergencies.emergency_log_call(
            actor=reporter, reporter=reporter, kind="fire", called_at=TUESDAY,
            basic_facts="冒烟",
        )
    with time_machine.travel(TUESDAY + datetime.timedelta(minutes=30), tick=False):
        emergencies.emergency_write(
            actor=reporter, call=call, occurred_at=TUESDAY, place="五号楼", course="起火",
            impact_scope="一户", measures_taken="扑灭",
        )
    # Week of 9 November: submitted on Saturday, after the Friday 17:00 deadline; returned.
    saturday = datetime.datetime(2026, 11, 14, 9, 0, tzinfo=BEIJING)
    with time_machine.travel(saturday, tick=False):
        late = make_report(reporter, submit=True)
        review.report_review(actor=manager, report=late, truthful=False, complete=True,
                             accurate=True, well_formatted=True, reason="与事实不符")
    at = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=BEIJING)  # Saturday of the third week
    metrics = metrics_of(reporter_id=reporter.pk, began=profile.started_on, year=2026, half=2,
                         now=at)
    assert metrics["reports_submitted"] == 2
    # The reporter began on 5 August: the weeks of 3 August … 16 November are due by then.
    assert profile.started_on == datetime.date(2026, 8, 5)
    assert metrics["weeks_due"] == 16
    assert metrics["weeks_on_time"] == 1
    assert metrics["emergencies"] == 1 and metrics["emergencies_in_time_share"] == 100.0
    assert metrics["reviews"] == 2 and metrics["rejection_share"] == 50.0
    assert metrics["loops_closed"] == 1 and metrics["loops_closed_share"] == 100.0
    assert metrics["satisfaction_share"] == 100.0


def test_peers_are_members_of_the_same_group_and_never_oneself(manager):
    group = make_group(manager)
    with time_machine.travel(TUESDAY, tick=False):
        alice, _a = make_reporter(manager, group=group)
        bob, _b = make_reporter(manager, group=group)
        outsider, _c = make_reporter(manager, group=make_group(manager, name="第二工作小组"))
        _open(manager)
    alices = Assessment.objects.get(reporter=alice)
    assessment.assessment_peer(actor=bob, assessment=alices, score=Decimal(80), comment="")
    for scorer in (alice, outsider, manager):
        with pytest.raises(ActionRefused):
            assessment.assessment_peer(actor=scorer, assessment=alices, score=Decimal(99),
                                       comment="")
    assert [peer.scorer for peer in alices.peer_scores.all()] == [bob]


def test_a_finalised_assessment_has_a_weighted_total_and_a_grade(client, manager):
    group = make_group(manager)
    with time_machine.travel(TUESDAY, tick=False):
        alice, _a = make_reporter(manager, group=group)
        bob, _b = make_reporter(manager, group=group)
        _open(manager)
        alices = Assessment.objects.get(reporter=alice)
        with pytest.raises(ActionRefused):
            assessment.assessment_finalise(actor=manager, assessment=alices)
        assessment.assessment_self(actor=alice, assessment=alices, score=Decimal(90), comment="")
        assessment.assessment_peer(actor=bob, assessment=alices, score=Decimal(80), comment="")
        assessment.assessment_supervisor(actor=manager, assessment=alices, score=Decimal(70),
                                         comment="及时性需提高")
        final = assessment.assessment_finalise(actor=manager, assessment=alices)
        # 0.2 × 90 + 0.3 × 80 + 0.5 × 70 = 77
        assert final.total_score == Decimal("77.0") and final.grade == Grade.GOOD
        assert "weeks_due" in final.metrics
        with pytest.raises(ActionRefused):
            assessment.assessment_self(actor=alice, assessment=final, score=Decimal(100),
                                       comment="")
        client.force_login(alice)
        page = client.get(reverse("reporters:assessment_detail", args=[final.pk])).content
    assert "良好" in page.decode() and "77.0" in page.decode()


def test_a_reporter_scores_group_members_from_the_assessment_list(client, manager):
    group = make_group(manager)
    with time_machine.travel(TUESDAY, tick=False):
        alice, _a = make_reporter(manager, group=group)
        bob, _b = make_reporter(manager, group=group)
        _open(manager)
    bobs = Assessment.objects.get(reporter=bob)
    client.force_login(alice)
    page = client.get(reverse("reporters:assessment_list")).content.decode()
    assert reverse("reporters:assessment_peer", args=[bobs.pk]) in page
    # Alice may score Bob but not read Bob's assessment.
    detail = reverse("reporters:assessment_detail", args=[bobs.pk])
    assert f'href="{detail}"' not in page
    assert client.get(
        reverse("reporters:assessment_detail", args=[bobs.pk])
    ).status_code == 404
    client.post(reverse("reporters:assessment_peer", args=[bobs.pk]),
                {f"peer{bobs.pk}-score": "85", f"peer{bobs.pk}-comment": "认真"})
    assert bobs.peer_scores.get().score == Decimal(85)


def test_the_honour_certificate_prints_with_its_number_and_reason(client, manager):
    reporter, profile = make_reporter(manager)
    reporter.first_name, reporter.last_name = "志强", "刘"
    reporter.save()
    reward = assessment.reward_grant(
        actor=manager, reporter=reporter, kind="certificate",
        reason="及时报告三号楼火情，避免人员伤亡", awarded_on=datetime.date.today(),
    )
    assert reward.certificate_number.startswith("RY")
    client.force_login(reporter)
    work_file = client.get(reverse("reporters:reporter_detail", args=[profile.pk])).content
    assert "及时报告三号楼火情" in work_file.decode()
    response = client.post(reverse("reporters:reward_certificate", args=[reward.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "荣誉证书" in text and reward.certificate_number in text
    assert "志强" in text and "及时报告三号楼火情" in text


def test_a_bonus_needs_its_amount(manager):
    reporter, _profile = make_reporter(manager)
    with pytest.raises(ActionRefused) as refused:
        assessment.reward_grant(actor=manager, reporter=reporter, kind="bonus", reason="表现突出",
                                awarded_on=datetime.date.today())
    assert refused.value.field == "amount"


def test_a_revocation_for_a_leak_ends_the_reporters_access_at_once(client, manager):
    reporter, profile = make_reporter(manager)
    client.force_login(reporter)
    assert client.get(reverse("reporters:home")).status_code == 200
    penalty = assessment.penalty_decide(
        actor=manager, reporter=reporter, kind="revocation", ground="leak",
        details="将居民信息转发给无关人员", decided_on=datetime.date.today(),
    )
    profile.refresh_from_db()
    reporter.refresh_from_db()
    assert profile.status == ReporterStatus.REVOKED and not reporter.is_active
    assert profile.status_reason == "泄露信息"
    assert client.get(reverse("reporters:home")).status_code == 302
    client.force_login(manager)
    page = client.get(reverse("reporters:reporter_detail", args=[profile.pk])).content.decode()
    assert "取消信息报告员资格" in page and penalty.details in page
