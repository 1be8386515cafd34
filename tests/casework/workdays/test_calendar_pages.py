"""The working-day calendar page (AFF-4): managers add and delete days, front desk looks."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework.models import CalendarDay
from casework.workdays.deadlines import add_working_days
from casework.workdays.services import calendar_day_add
from residents.common.errors import ActionRefused

pytestmark = pytest.mark.django_db
D = datetime.date
CALENDAR = reverse("casework:calendar")
ADD = reverse("casework:calendar_add")


def _add(client, date: datetime.date, kind: str, name: str = "国庆节"):
    return client.post(ADD, {"date": date.isoformat(), "kind": kind, "name": name})


def _delete_url(day) -> str:
    return reverse("casework:calendar_delete", args=[day.pk])


def test_manager_adds_a_holiday_and_a_worked_day_which_move_deadlines(manager_client, manager):
    # Accepted Wednesday 30 September 2026: plainly 1 working day → Thursday 1 October.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 1)
    response = _add(manager_client, D(2026, 10, 1), "holiday")
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?year=2026"
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 2)
    # Friday 25 September: plainly Monday 28th; with Sunday 27th worked, that Sunday.
    assert add_working_days(D(2026, 9, 25), 1) == D(2026, 9, 28)
    response = _add(manager_client, D(2026, 9, 27), "worked", "国庆节调休")
    assert response.status_code == 302
    assert add_working_days(D(2026, 9, 25), 1) == D(2026, 9, 27)

    days = list(CalendarDay.objects.order_by("date"))
    assert [(d.date, d.is_working_day, d.name, d.recorded_by) for d in days] == [
        (D(2026, 9, 27), True, "国庆节调休", manager),
        (D(2026, 10, 1), False, "国庆节", manager),
    ]
    page = manager_client.get(CALENDAR, {"year": 2026}, follow=True)
    text = page.content.decode()
    assert "2026-10-01" in text and "2026-09-27" in text and "国庆节调休" in text
    assert f'action="{ADD}"' in text
    assert f'action="{_delete_url(days[0])}"' in text
    assert "data-once" in text
    # Another year shows none of them, with links to the years either side.
    other = manager_client.get(CALENDAR, {"year": 2027}).content.decode()
    assert "2026-10-01" not in other
    assert "?year=2026" in other and "?year=2028" in other


def test_success_is_announced(manager_client):
    response = _add(manager_client, D(2026, 10, 1), "holiday")
    page = manager_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]]


@pytest.mark.parametrize(
    ("date", "kind"),
    [(D(2026, 10, 3), "holiday"), (D(2026, 10, 4), "holiday"), (D(2026, 9, 30), "worked")],
    ids=["holiday-on-saturday", "holiday-on-sunday", "worked-on-wednesday"],
)
def test_a_day_of_the_wrong_kind_is_refused_next_to_the_date(manager_client, date, kind):
    response = _add(manager_client, date, kind)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["date"]
    assert 'id="id_date_error"' in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_a_date_already_in_the_calendar_is_refused(manager_client):
    assert _add(manager_client, D(2026, 10, 1), "holiday").status_code == 302
    response = _add(manager_client, D(2026, 10, 1), "holiday", "另一个名字")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date"]
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["国庆节"]


def test_missing_fields_are_refused(manager_client):
    response = manager_client.post(ADD, {"date": "", "kind": "holiday", "name": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "name"}
    assert not CalendarDay.objects.exists()


def test_service_refuses_a_race_on_the_same_date(manager, monkeypatch):
    calendar_day_add(date=D(2026, 10, 1), is_working_day=False, name="国庆节", actor=manager)
    # As if the other request's row arrived after the existence check.
    monkeypatch.setattr(type(CalendarDay.objects.all()), "exists", lambda self: False)
    monkeypatch.setattr(CalendarDay, "validate_unique", lambda self, exclude=None: None)
    with pytest.raises(ActionRefused):
        calendar_day_add(date=D(2026, 10, 1), is_working_day=False, name="国庆节", actor=manager)
    assert CalendarDay.objects.count() == 1


def test_front_desk_sees_the_calendar_but_cannot_change_it(front_desk_client, manager):
    day = CalendarDay.objects.create(
        date=D(2026, 10, 1), is_working_day=False, name="国庆节", recorded_by=manager
    )
    page = front_desk_client.get(CALENDAR, {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-10-01" in text
    assert ADD not in text and _delete_url(day) not in text
    assert _add(front_desk_client, D(2026, 10, 2), "holiday").status_code == 403
    assert front_desk_client.post(_delete_url(day)).status_code == 403
    assert CalendarDay.objects.count() == 1


@pytest.mark.parametrize("role", ["auditor", "other_staff", "sysadmin"])
def test_other_roles_get_403(client, request, role, manager):
    day = CalendarDay.objects.create(
        date=D(2026, 10, 1), is_working_day=False, name="国庆节", recorded_by=manager
    )
    client.force_login(request.getfixturevalue(role))
    assert client.get(CALENDAR).status_code == 403
    assert _add(client, D(2026, 10, 2), "holiday").status_code == 403
    assert client.post(_delete_url(day)).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert CALENDAR not in home


def test_nav_link_for_those_who_may_view(front_desk_client):
    assert CALENDAR in front_desk_client.get(reverse("home")).content.decode()


def test_deletion_is_audited_with_the_actor(manager_client, manager):
    _add(manager_client, D(2026, 10, 1), "holiday")
    day = CalendarDay.objects.get()
    response = manager_client.post(_delete_url(day))
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?year=2026"
    assert not CalendarDay.objects.exists()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CalendarDay), object_pk=str(day.pk)
    )
    assert [e.action for e in entries.order_by("pk")] == [
        LogEntry.Action.CREATE, LogEntry.Action.DELETE,
    ]
    deleted = entries.get(action=LogEntry.Action.DELETE)
    assert deleted.actor == manager
    # Deleting it again: it is gone.
    assert manager_client.post(_delete_url(day)).status_code == 404


def test_views_accept_only_their_method(manager_client, manager):
    day = CalendarDay.objects.create(
        date=D(2026, 10, 1), is_working_day=False, name="国庆节", recorded_by=manager
    )
    assert manager_client.get(ADD).status_code == 405
    assert manager_client.get(_delete_url(day)).status_code == 405
    assert manager_client.post(CALENDAR).status_code == 405


def test_a_bad_year_falls_back_to_this_year(manager_client):
    response = manager_client.get(CALENDAR, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == datetime.date.today().year
