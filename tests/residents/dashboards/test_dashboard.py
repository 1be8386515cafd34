"""The dashboard (SUP-4, SUP-8, SUP-9): every number against the small world it counts, for the
running month beside the month before; counts only, for managers and the supervision group."""

from __future__ import annotations

import datetime
import math

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.engine import services as cases
from casework.models import Case, CaseKind, CaseStep, ReturnVisit
from casework.workdays.deadlines import working_days_between
from residents import roles
from residents.dashboards.figures import refresh_running_periods
from residents.dashboards.periods import Period
from residents.models import (
    DashboardFigure,
    Emergency,
    HardshipEntry,
    KeyPersonEntry,
    KeyPersonVisit,
    Resident,
)
from tests.class_scope import rolled_back_after_the_class
from tests.factories import make_resident, make_user

DASHBOARD = reverse("residents:dashboard")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    """Residents, registers, tracking and cases spread over this month and the month before."""
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        today = timezone.localdate()
        month = Period.containing("month", today)
        before = month.previous
        # A weekday well inside the month before, and one a week later.
        earlier = before.start + datetime.timedelta(days=9)
        desk, boss = make_user(roles.FRONT_DESK), make_user(roles.MANAGER)

        elderly = make_resident(actor=desk, birth_date=datetime.date(1950, 3, 1),
                                name="欧阳老人", phone="13911112222")
        minor = make_resident(actor=desk, birth_date=_years_before(today, 10),
                              hukou_type="non_registered", name="司马小童")
        youth = make_resident(actor=desk, birth_date=datetime.date(1995, 6, 1), name="诸葛青年")
        waiting = make_resident(actor=desk, status="submitted", name="上官待审")
        Resident.objects.filter(pk=minor.pk).update(
            is_floating=True, rechecked_on=_years_before(today, 4)
        )
        # Verified in the month before: counted there and now; re-checked long ago would make it
        # overdue, so its re-check is recent.
        Resident.objects.filter(pk=youth.pk).update(verified_at=_at(earlier), rechecked_on=today)
        # Due within the review window, not yet overdue.
        Resident.objects.filter(pk=elderly.pk).update(
            rechecked_on=_years_before(today, 3) + datetime.timedelta(days=5)
        )

        HardshipEntry.objects.create(resident=elderly, kind="dibao", start_date=today,
                                     review_date=today + datetime.timedelta(days=300),
                                     recorded_by=boss)
        key_person = KeyPersonEntry.objects.create(
            resident=minor, category="correction", start_date=before.start,
            review_date=today + datetime.timedelta(days=300), recorded_by=boss,
        )
        KeyPersonVisit.objects.create(entry=key_person, visited_on=today, visited_by=boss,
                                      summary="走访")
        Emergency.objects.create(resident=elderly, kind="accident", occurred_on=earlier,
                                 description="摔倒", recorded_by=desk)
        Emergency.objects.create(resident=youth, kind="illness", occurred_on=earlier,
                                 closed_on=today, description="住院", recorded_by=desk)

        # Cases: two changes this month (one finished on time with a return visit, one
        # overdue), a suggestion by hotline escalated this month, an affair of the month before
        # finished late.
        done = cases.case_open(kind=CaseKind.CHANGE, subject="变更地址", actor=desk,
                               resident=youth, time_limit_days=5)
        Case.objects.filter(pk=done.pk).update(status="closed", closed_at=timezone.now())
        ReturnVisit.objects.create(case=done, satisfaction=5, visited_by=boss)
        late = cases.case_open(kind=CaseKind.CHANGE, subject="变更电话", actor=desk,
                               resident=elderly, time_limit_days=5)
        Case.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=2))
        suggestion = cases.case_open(
            kind=CaseKind.COMPLAINT, subject="【建议】增设座椅", actor=desk, channel="hotline",
            applicant_name="令狐建议人", applicant_contact="13700009999", time_limit_days=15,
        )
        CaseStep.objects.create(case=suggestion, action="escalate", from_status="investigating",
                                to_status="investigating", actor=boss)
        affair = cases.case_open(kind=CaseKind.AFFAIR, subject="老年证办理", actor=desk,
                                 resident=elderly, time_limit_days=3)
        closed_on = earlier + datetime.timedelta(days=7)
        Case.objects.filter(pk=affair.pk).update(
            opened_at=_at(earlier), closed_at=_at(closed_on, 15), status="closed",
            due_on=earlier + datetime.timedelta(days=1),
        )
        yield {
            "today": today, "month": month, "before": before, "earlier": earlier,
            "closed_on": closed_on, "people": [elderly, minor, youth, waiting],
            "applicants": ["令狐建议人", "13700009999"],
            "manager": boss, "desk": desk, "supervisor": make_user(roles.SUPERVISOR),
        }


def figures(response) -> dict[str, dict[str, tuple]]:
    """Panel key → row key → (this period, previous period)."""
    return {
        panel["key"]: {row["key"]: (row["current"], row["previous"]) for row in panel["rows"]}
        for section in response.context["sections"] for panel in section["panels"]
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("world")
class TestDashboardCounts:
    def _shown(self, world, user=None):
        response = client_for(user or world["manager"]).get(DASHBOARD, {"period": "month"})
        assert response.status_code == 200
        return figures(response)

    def test_residents_are_counted_at_the_end_of_each_period(self, world):
        shown = self._shown(world)["residents"]
        assert shown["total"] == (3, 1)
        assert shown["new"] == (2, 1)
        assert shown["floating"] == (1, 0)

    def test_residents_by_age_class_and_household_registration(self, world):
        shown = self._shown(world)
        assert shown["age_groups"]["minor"][0] == 1
        assert shown["age_groups"]["youth"][0] == 1
        assert shown["age_groups"]["elderly"][0] == 1
        assert shown["age_groups"]["middle_aged"][0] == 0
        assert shown["hukou"]["registered"] == (2, 1)
        assert shown["hukou"]["non_registered"] == (1, 0)

    def test_new_registrations_are_counted_in_their_month(self, world):
        assert self._shown(world)["registrations"]["1"][0] == 4

    def test_special_registers_count_the_residents_on_them_at_the_period_end(self, world):
        shown = self._shown(world)["registers"]
        assert shown["dibao"] == (1, 0)
        assert shown["key_person"] == (1, 1)
        assert shown["tekun"] == (0, 0)

    def test_rechecks_due_and_overdue_are_counted_for_today(self, world):
        shown = self._shown(world)["rechecks"]
        assert shown["due"] == (1, None)
        assert shown["overdue"] == (1, None)

    def test_cases_opened_and_finished_per_kind(self, world):
        shown = self._shown(world)["case_flow"]
        assert shown["opened:change"] == (2, 0)
        assert shown["closed:change"] == (1, 0)
        assert shown["opened:complaint"] == (1, 0)
        assert shown["opened:affair"] == (0, 1)
        assert shown["closed:affair"] == (0, 1)

    def test_on_time_share_overdue_and_working_days(self, world):
        shown = self._shown(world)
        assert shown["on_time"]["change"] == (100.0, None)
        assert shown["on_time"]["affair"] == (None, 0.0)
        assert shown["overdue"]["change"] == (1, None)
        assert shown["overdue"]["complaint"] == (0, None)
        expected = working_days_between(world["earlier"], world["closed_on"])
        assert shown["working_days"]["affair"] == (None, float(expected))
        assert shown["working_days"]["change"] == (0.0, None)

    def test_satisfaction_complaints_and_escalations(self, world):
        shown = self._shown(world)
        assert shown["satisfaction"]["5"] == (1, 0)
        assert shown["satisfaction"]["average"] == (5.0, None)
        assert shown["complaints"]["suggestion"] == (1, 0)
        assert shown["complaints"]["complaint"] == (0, 0)
        assert shown["complaints"]["channel:hotline"] == (1, 0)
        assert shown["escalations"]["escalations"] == (1, 0)

    def test_key_person_visits_done_against_scheduled(self, world):
        shown = self._shown(world)["key_person_visits"]
        month, before = world["month"], world["before"]
        this_month = (world["today"] - month.start).days + 1
        before_days = (before.end - before.start).days
        assert shown["scheduled:correction"] == (
            math.ceil(this_month / 7), math.ceil(before_days / 7)
        )
        assert shown["done:correction"] == (1, 0)

    def test_open_emergencies_at_the_period_end(self, world):
        shown = self._shown(world)["emergencies"]
        assert shown["accident"] == (1, 1)
        assert shown["illness"] == (0, 1)

    def test_no_dashboard_page_shows_personal_data(self, world):
        secrets = world["applicants"][:]
        for person in world["people"]:
            secrets += [person.name, person.id_number, person.phone]
        for user in (world["manager"], world["supervisor"]):
            for period in ("month", "quarter", "year"):
                page = client_for(user).get(DASHBOARD, {"period": period}).content.decode()
                for secret in filter(None, secrets):
                    assert secret not in page
            home = client_for(user).get(reverse("home")).content.decode()
            for secret in filter(None, secrets):
                assert secret not in home

    def test_rows_link_to_the_lists_they_count_with_the_lists_filters(self, world):
        page = client_for(world["manager"]).get(DASHBOARD).content.decode()
        assert "/residents/?status=verified&amp;age_group=elderly" in page
        assert "/residents/?register=dibao" in page
        assert "/casework/?kind=change&amp;due=overdue" in page or "due=overdue" in page
        elderly_list = client_for(world["manager"]).get(
            reverse("residents:list"), {"status": "verified", "age_group": "elderly"}
        )
        assert elderly_list.context["page"].paginator.count == 1

    def test_the_supervision_group_reads_the_counts_without_links_to_lists(self, world):
        response = client_for(world["supervisor"]).get(DASHBOARD)
        assert response.status_code == 200
        assert figures(response)["residents"]["total"] == (3, 1)
        # No link to a list of residents or cases; only the survey summary (figures, which
        # the supervision group reads) is linked.
        links = {
            row["link"]
            for section in response.context["sections"] for panel in section["panels"]
            for row in panel["rows"]
        }
        assert links == {None, reverse("casework:survey_summary")}
        assert client_for(world["supervisor"]).get(
            reverse("casework:survey_summary")
        ).status_code == 200

    def test_the_previous_year_is_shown_beside_the_year(self, world):
        response = client_for(world["manager"]).get(DASHBOARD, {"period": "year"})
        assert response.context["period"].kind == "year"
        shown = figures(response)
        assert shown["residents"]["total"][0] == 3

    def test_each_chart_is_svg_with_a_table_and_readable_in_grayscale(self, world):
        page = client_for(world["manager"]).get(DASHBOARD).content.decode()
        assert page.count("<svg") == page.count('<table class="list figures">')
        # The previous period is hatched, not another colour.
        assert 'fill="url(#chart-residents-hatch)"' in page
        assert "Noto Sans CJK SC" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.FRONT_DESK, roles.AUDITOR, roles.SYSADMIN,
                                  roles.OTHER_STAFF, roles.REPORTER])
def test_only_managers_and_the_supervision_group_open_the_dashboard(role):
    assert client_for(make_user(role)).get(DASHBOARD).status_code == 403


@pytest.mark.django_db
def test_stored_figures_are_shown_while_fresh_and_counted_afresh_when_old(settings, manager):
    make_resident(actor=make_user(roles.FRONT_DESK))
    assert refresh_running_periods() > 0
    stored = DashboardFigure.objects.get(panel="residents", period="month",
                                         starts_on=timezone.localdate().replace(day=1))
    assert stored.figures["total"] == 1
    make_resident(actor=make_user(roles.FRONT_DESK))
    shown = figures(client_for(manager).get(DASHBOARD))
    assert shown["residents"]["total"][0] == 1
    settings.DASHBOARD_MAX_AGE_SECONDS = 0
    shown = figures(client_for(manager).get(DASHBOARD))
    assert shown["residents"]["total"][0] == 2


@pytest.mark.django_db
def test_a_period_in_the_future_or_unreadable_shows_the_running_one(manager):
    future = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    for params in ({"period": "quarter", "at": future}, {"period": "week", "at": "x"}):
        response = client_for(manager).get(DASHBOARD, params)
        assert response.status_code == 200
        assert response.context["period"].start <= timezone.localdate()


@pytest.mark.django_db
def test_the_refresh_job_counts_every_five_minutes_and_keeps_ended_periods_longer(manager):
    from procrastinate.contrib.django import app

    from residents.dashboards.tasks import refresh_dashboards

    scheduled = {key[0]: task for key, task in app.periodic_registry.periodic_tasks.items()}
    assert scheduled["residents.dashboards.tasks.refresh_dashboards"].cron == "*/5 * * * *"
    make_resident(actor=make_user(roles.FRONT_DESK))
    refresh_dashboards(timestamp=0)
    first = DashboardFigure.objects.count()
    assert first > 0
    # The next run recounts the running periods only: ended ones are still fresh.
    assert refresh_running_periods() < first
