"""Assessment per staff member and per window (SUP-6) and per kind of service (SUP-3): every
figure against the cases it counts, the grade from the standards managers keep, the printed
grade sheet, and who reads which lines."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.assessment import selectors, services
from casework.engine import services as cases
from casework.models import (
    AssessmentStandard,
    Case,
    CaseKind,
    CaseStep,
    ComplaintAttribution,
    Grade,
    ReturnVisit,
    ServiceWindow,
)
from residents import roles
from residents.common.errors import ActionRefused
from residents.dashboards.periods import Period
from residents.models import Resident
from tests.class_scope import rolled_back_after_the_class
from tests.factories import make_resident, make_user

SHEET = reverse("casework:assessment")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _finished(actor, resident, *, window, on_time: bool, status="closed", kind=CaseKind.QUERY):
    case = cases.case_open(kind=kind, subject="查询本人信息", actor=actor, resident=resident,
                           time_limit_days=5)
    now = timezone.now()
    due = timezone.localdate() + datetime.timedelta(days=3 if on_time else -3)
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=now, due_on=due,
                                           window=window)
    case.refresh_from_db()
    return case


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    """Two front-desk staff; Wang at the first window with three finished cases (two on time),
    two return visits (5 and 3), one complaint about him, a change rejected and a registration
    returned; Li with one case on time and nothing else."""
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        manager = make_user(roles.MANAGER)
        wang, li = make_user(roles.FRONT_DESK), make_user(roles.FRONT_DESK)
        wang.first_name, li.first_name = "王窗口", "李窗口"
        wang.save(), li.save()
        first = ServiceWindow.objects.create(name="一号窗口")
        first.staff.add(wang)
        resident = make_resident(actor=li)
        done = [
            _finished(wang, resident, window=first, on_time=True),
            _finished(wang, resident, window=first, on_time=True),
            _finished(wang, resident, window=first, on_time=False),
            _finished(li, resident, window=None, on_time=True),
        ]
        # Withdrawn work is not work done.
        _finished(wang, resident, window=first, on_time=True, status="withdrawn",
                  kind=CaseKind.CHANGE)
        ReturnVisit.objects.create(case=done[0], satisfaction=5, visited_by=manager)
        ReturnVisit.objects.create(case=done[1], satisfaction=3, visited_by=manager)
        complaint = cases.case_open(kind=CaseKind.COMPLAINT, subject="窗口态度", actor=li,
                                    applicant_name="投诉人甲", time_limit_days=5)
        services.complaint_attribute(actor=manager, number=complaint.number, staff_member=wang,
                                     window=first)
        change = cases.case_open(kind=CaseKind.CHANGE, subject="更正电话", actor=wang,
                                 resident=resident, time_limit_days=5)
        Case.objects.filter(pk=change.pk).update(window=first)
        CaseStep.objects.create(case=change, action="reject", from_status="opened",
                                to_status="rejected", actor=manager, decision_reason="材料不符")
        returned = make_resident(actor=wang, status="submitted", name="退回测试")
        Resident.objects.filter(pk=returned.pk).update(
            status="returned", returned_at=timezone.now(), submitted_by=wang,
        )
        services.standards_save(actor=manager, thresholds={
            Grade.EXCELLENT: {"min_on_time_percent": 95, "max_complaints": 0},
            Grade.GOOD: {"min_on_time_percent": 60, "min_satisfaction": 3.5, "max_errors": 2},
            Grade.PASS: {"min_on_time_percent": 50},
        })
        yield {
            "manager": manager, "wang": wang, "li": li, "window": first,
            "period": Period.containing("year", timezone.localdate()),
            "resident": resident, "complaint": complaint,
        }


@pytest.mark.django_db
class TestAssessmentFigures:
    def _line(self, lines, key):
        return next(line for line in lines if line.key == key)

    def test_a_staff_members_line_counts_their_cases_visits_complaints_and_errors(self, world):
        wang = self._line(selectors.staff_lines(world["period"]), world["wang"].pk)
        assert (wang.handled, wang.on_time) == (3, 2)
        assert wang.on_time_percent == 66.7
        assert (wang.visits, wang.satisfaction) == (2, 4.0)
        assert wang.complaints == 1
        # One change request rejected and one registration returned for correction.
        assert wang.errors == 2
        assert wang.name == "王窗口"

    def test_grades_follow_the_standards_managers_set(self, world):
        lines = selectors.staff_lines(world["period"])
        assert self._line(lines, world["wang"].pk).grade == Grade.GOOD
        assert self._line(lines, world["li"].pk).grade == Grade.EXCELLENT

    def test_a_window_counts_the_cases_handled_there(self, world):
        line = self._line(selectors.window_lines(world["period"]), world["window"].pk)
        assert (line.handled, line.on_time, line.visits, line.complaints) == (3, 2, 2, 1)
        # Registrations name no window: only the rejected change counts.
        assert line.errors == 1
        assert line.name == "一号窗口"

    def test_nothing_counts_in_a_period_without_the_work(self, world):
        earlier = world["period"].previous
        lines = selectors.staff_lines(earlier)
        wang = self._line(lines, world["wang"].pk)
        assert (wang.handled, wang.complaints, wang.errors, wang.grade) == (0, 0, 0, None)

    def test_services_are_assessed_for_efficiency_quality_disclosure_and_archives(self, world):
        lines = {line.kind: line for line in selectors.service_lines(world["period"])}
        query = lines[CaseKind.QUERY]
        assert (query.finished, query.on_time_percent, query.satisfaction) == (4, 75.0, 4.0)
        # Queries are not public; no signed slip is recorded for these closed cases.
        assert query.disclosed_percent is None and query.archived_percent == 0.0
        assert lines[CaseKind.CHANGE].errors == 1

    def test_the_sheet_shows_managers_every_line(self, world):
        response = client_for(world["manager"]).get(SHEET, {"period": "year"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "王窗口" in page and "李窗口" in page and "一号窗口" in page
        assert "良好" in page and "优秀" in page

    def test_staff_see_only_their_own_line(self, world):
        response = client_for(world["li"]).get(SHEET, {"period": "year"})
        page = response.content.decode()
        assert [line.key for line in response.context["staff"]] == [world["li"].pk]
        assert "王窗口" not in page and "一号窗口" not in page

    def test_half_years_are_a_period_of_their_own(self, world):
        response = client_for(world["manager"]).get(SHEET, {"period": "half_year"})
        period = response.context["period"]
        assert period.kind == "half_year" and (period.end.month - period.start.month) % 12 == 6

    def test_the_grade_sheet_prints_with_each_line_and_grade(self, world):
        response = client_for(world["manager"]).get(
            reverse("casework:assessment_pdf"), {"period": "year"}
        )
        assert response["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "王窗口" in text and "66.7%" in text and "良好" in text
        assert "一号窗口" in text

    def test_no_assessment_page_shows_resident_data(self, world):
        resident = world["resident"]
        for url in (SHEET, reverse("casework:assessment_standards")):
            page = client_for(world["manager"]).get(url, {"period": "year"}).content.decode()
            for secret in (resident.name, resident.id_number, "投诉人甲", "退回测试"):
                assert secret not in page


@pytest.mark.django_db
class TestStandardsAndAttribution:
    def test_a_manager_saves_the_standards_on_their_page(self):
        manager = make_user(roles.MANAGER)
        response = client_for(manager).post(reverse("casework:assessment_standards"), {
            "excellent__min_on_time_percent": "95", "good__min_on_time_percent": "85",
            "pass__min_on_time_percent": "60", "pass__max_complaints": "3",
        })
        assert response.status_code == 302
        kept = {s.grade: s for s in AssessmentStandard.objects.all()}
        assert float(kept["good"].min_on_time_percent) == 85.0
        assert kept["pass"].max_complaints == 3 and kept["excellent"].max_complaints is None

    def test_a_better_grade_asking_less_is_refused_with_a_message(self):
        manager = make_user(roles.MANAGER)
        response = client_for(manager).post(reverse("casework:assessment_standards"), {
            "excellent__min_on_time_percent": "60", "good__min_on_time_percent": "85",
        })
        assert response.status_code == 200
        assert "更好的等级" in response.content.decode()
        assert not AssessmentStandard.objects.exists()

    def test_a_bad_threshold_is_refused_next_to_its_field(self):
        manager = make_user(roles.MANAGER)
        response = client_for(manager).post(reverse("casework:assessment_standards"), {
            "excellent__min_on_time_percent": "120",
        })
        assert response.status_code == 200
        assert response.context["form"].errors["excellent__min_on_time_percent"]

    def test_a_complaint_is_attributed_once(self):
        manager, desk = make_user(roles.MANAGER), make_user(roles.FRONT_DESK)
        complaint = cases.case_open(kind=CaseKind.COMPLAINT, subject="等候太久", actor=desk,
                                    applicant_name="某人", time_limit_days=5)
        url = reverse("casework:assessment_attribute")
        response = client_for(manager).post(url, {"number": complaint.number,
                                                  "staff_member": desk.pk})
        assert response.status_code == 302
        assert ComplaintAttribution.objects.get(complaint=complaint).staff_member == desk
        again = client_for(manager).post(url, {"number": complaint.number,
                                               "staff_member": desk.pk})
        assert again.status_code == 200 and "已经" in again.content.decode()

    def test_an_attribution_names_someone(self):
        manager = make_user(roles.MANAGER)
        with pytest.raises(ActionRefused):
            services.complaint_attribute(actor=manager, number="X")

    def test_front_desk_cannot_change_the_standards(self):
        desk = make_user(roles.FRONT_DESK)
        response = client_for(desk).post(reverse("casework:assessment_standards"),
                                         {"pass__min_on_time_percent": "1"})
        assert response.status_code == 403


@pytest.mark.django_db
def test_a_front_desk_home_leads_to_their_own_assessment_line():
    desk = make_user(roles.FRONT_DESK)
    resident = make_resident(actor=make_user(roles.FRONT_DESK))
    _finished(desk, resident, window=None, on_time=True)
    page = client_for(desk).get(reverse("home")).content.decode()
    assert reverse("casework:assessment") in page
    assert "我的考核" in page
    manager_home = client_for(make_user(roles.MANAGER)).get(reverse("home")).content.decode()
    assert "我的考核" not in manager_home
