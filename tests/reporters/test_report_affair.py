"""Handling an approved report may open a window affair for a resident the report names, with
the affair chosen from the catalogue (REP-6): through the affairs app's own acceptance and its
refusals, linked both ways, once per report, its closing told to the reporter."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.affairs import catalogue
from casework.engine.services import case_act
from casework.models import Case, CaseKind, Eligibility
from reporters.handling.services import fitting_targets, report_case_open
from reporters.models import ReportCase, ReportResident
from reporters.reports import services as reports
from reporters.review import services as review
from residents import roles
from residents.common.errors import ActionRefused
from residents.models import Notification
from tests.factories import make_resident, make_user
from tests.reporters.helpers import OPINION, make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db

ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


@pytest.fixture
def reporter(manager):
    group = make_group(manager, reviewer=make_user(roles.FRONT_DESK))
    user, _profile = make_reporter(manager, group=group)
    return user


def _item(manager, name="高龄津贴申请", *, registered_only=False):
    return catalogue.catalogue_item_add(
        name=name, legal_basis="依据", materials="身份证\n户口簿", procedure="受理\n审批",
        time_limit_days=5, needs_second_review=False, actor=manager,
        eligibility=Eligibility.REGISTERED if registered_only else Eligibility.ALL,
    )


def _approved_naming(reporter, manager, *residents):
    report = make_report(reporter, {**OPINION, "title": "独居老人需要申请高龄津贴"})
    for resident in residents:
        ReportResident.objects.create(report=report, resident=resident, linked_by=reporter)
    report = reports.report_submit(actor=reporter, report=report)
    review.report_review(actor=manager, report=report, **ALL_GOOD)
    report.refresh_from_db()
    return report


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_affair_is_offered_only_for_a_report_naming_a_resident(reporter, manager):
    plain = _approved_naming(reporter, manager)
    assert "affair" not in fitting_targets(plain)
    with pytest.raises(ActionRefused):
        report_case_open(actor=manager, report=plain, target="affair",
                         affair_item=_item(manager))
    naming = _approved_naming(reporter, manager, make_resident(actor=manager))
    assert "affair" in fitting_targets(naming)


def test_the_affair_opens_for_the_named_resident_once_and_its_closing_reaches_the_reporter(
    reporter, manager
):
    resident = make_resident(actor=manager)
    item = _item(manager)
    report = _approved_naming(reporter, manager, resident)
    with pytest.raises(ActionRefused) as stranger:
        report_case_open(actor=manager, report=report, target="affair",
                         resident=make_resident(actor=manager), affair_item=item)
    assert stranger.value.field == "resident"
    handling = report_case_open(actor=manager, report=report, target="affair",
                                resident=resident, affair_item=item)
    case = handling.case
    assert (case.kind, case.resident, case.affair_item) == (CaseKind.AFFAIR, resident, item)
    # The materials are handed in at the window: the case waits for them.
    assert case.status == "awaiting_materials"
    with pytest.raises(ActionRefused):
        report_case_open(actor=manager, report=report, target="affair",
                         resident=resident, affair_item=item)
    assert Case.objects.filter(kind=CaseKind.AFFAIR).count() == 1
    case_act(case=case, action="reject", actor=manager, reason="申请人未补齐材料")
    assert Notification.objects.filter(
        recipient=reporter, text__contains=case.number
    ).count() == 2  # opened, then closed


def test_the_affairs_eligibility_refusal_shows_next_to_the_resident(reporter, manager):
    outsider = make_resident(actor=manager, hukou_type="non_registered")
    item = _item(manager, "户籍居民专项补贴", registered_only=True)
    report = _approved_naming(reporter, manager, outsider)
    response = _client(manager).post(
        reverse("reporters:report_case_open", args=[report.pk]),
        {"case-target": "affair", "case-resident": outsider.pk, "case-affair_item": item.pk},
    )
    assert response.status_code == 200
    form = response.context["case_form"]
    assert "户籍" in " ".join(form.errors["resident"])
    assert not ReportCase.objects.exists() and not Case.objects.exists()


def test_a_manager_opens_the_affair_on_the_report_page_and_both_pages_link(reporter, manager):
    resident = make_resident(actor=manager)
    item = _item(manager)
    report = _approved_naming(reporter, manager, resident)
    client = _client(manager)
    detail = reverse("reporters:report_detail", args=[report.pk])
    page = client.get(detail).content.decode()
    assert 'name="case-affair_item"' in page and item.name in page
    url = reverse("reporters:report_case_open", args=[report.pk])
    missing = client.post(url, {"case-target": "affair", "case-resident": resident.pk})
    assert missing.status_code == 200 and missing.context["case_form"].errors["affair_item"]
    opened = client.post(url, {"case-target": "affair", "case-resident": resident.pk,
                               "case-affair_item": item.pk})
    assert opened.status_code == 302
    case = ReportCase.objects.get(report=report).case
    text = client.get(detail).content.decode()
    assert reverse("casework:case_detail", args=[case.pk]) in text and case.number in text
    case_page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert detail in case_page and report.number in case_page
