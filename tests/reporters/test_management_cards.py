"""The managers' work list counts reporter tasks past their due date and reporters short of
this quarter's training minimum, each card linking to its list; reporters see neither."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from reporters.tasks import services as tasks
from reporters.training import services as training
from residents import roles
from tests.factories import make_user
from tests.reporters.helpers import make_reporter

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
ASSIGNED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=BEIJING)
LATER = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING)
TASKS_TITLE, TRAINING_TITLE = "逾期未完成的信息员任务", "本季度培训未达标的信息员"


def _cards(user) -> dict[str, tuple[int, str]]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("residents:worklists"))
    if response.status_code != 200:
        return {}
    return {card["title"]: (card["count"], reverse(card["url"]) + card.get("query", ""))
            for card in response.context["cards"]}


def test_overdue_tasks_and_untrained_reporters_are_counted_on_the_managers_work_list():
    manager = make_user(roles.MANAGER)
    with time_machine.travel(ASSIGNED, tick=False):
        late, _late_profile = make_reporter(manager, started_days_ago=200)
        trained, _trained_profile = make_reporter(manager, started_days_ago=200)
        for reporter, due in ((late, 5), (late, 30), (trained, 6)):
            tasks.task_assign(actor=manager, reporter=reporter, title="走访独居老人",
                              area="东区", due_on=ASSIGNED.date() + datetime.timedelta(days=due))
        training.training_save(
            actor=manager, session=None, held_on=ASSIGNED.date(), title="信息报告撰写规范",
            topics=["writing"], lecturer_kind="expert", lecturer_staff=None,
            lecturer_name="李教授", hours=Decimal("2.0"), place="社区活动室", summary="",
            attendees=[trained],
        )
    with time_machine.travel(LATER, tick=False):
        cards = _cards(manager)
        # Two tasks are past due (of two reporters); the one due at the month's end is not.
        assert cards[TASKS_TITLE] == (2, reverse("reporters:task_list") + "?which=overdue")
        assert cards[TRAINING_TITLE] == (1, reverse("reporters:training_compliance"))
        assert TASKS_TITLE not in _cards(late) and TRAINING_TITLE not in _cards(late)
