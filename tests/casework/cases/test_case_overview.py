"""Cases appear where staff start their day: the resident's timeline and the work-list overview."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.engine import services
from casework.models import Case, CaseKind
from tests.factories import make_resident


def _change_case(front_desk, resident) -> Case:
    return services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=front_desk, resident=resident,
        time_limit_days=5,
    )


def test_the_resident_timeline_links_to_the_residents_cases(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk)
    other = make_resident(actor=front_desk, name="王二")
    case = _change_case(front_desk, resident)
    _change_case(front_desk, other)

    page = front_desk_client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert case.number in page
    assert reverse("casework:case_detail", args=[case.pk]) in page
    assert Case.objects.exclude(pk=case.pk).get().number not in page


def test_the_overview_counts_overdue_and_due_soon_cases(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk)
    overdue = _change_case(front_desk, resident)
    Case.objects.filter(pk=overdue.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    due_today = services.case_open(
        kind=CaseKind.COMPLAINT, subject="噪音", actor=front_desk, applicant_name="李四",
        time_limit_days=5,
    )
    Case.objects.filter(pk=due_today.pk).update(due_on=timezone.localdate())

    response = front_desk_client.get(reverse("residents:worklists"), HTTP_ACCEPT_LANGUAGE="en")
    cards = {card["title"]: card["count"] for card in response.context["cards"]}
    assert cards["Overdue cases"] == 1
    assert cards["Cases due soon"] == 1
    assert cards["Return visits due"] == 0


def test_cases_waiting_for_the_applicant_are_neither_overdue_nor_due_soon(
    front_desk_client, front_desk
):
    resident = make_resident(actor=front_desk)
    notice = services.case_open(
        kind=CaseKind.CHANGE, subject="地址可能已变更", actor=front_desk, resident=resident,
        time_limit_days=5, status="noticed",
    )
    Case.objects.filter(pk=notice.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    response = front_desk_client.get(reverse("residents:worklists"), HTTP_ACCEPT_LANGUAGE="en")
    cards = {card["title"]: card["count"] for card in response.context["cards"]}
    assert cards["Overdue cases"] == 0
    assert cards["Cases due soon"] == 0
