"""Issue 16 item 1: appointments (预约) at the windows — the front desk books them for a
resident chosen with the picker or for a named visitor, records whether they came, sees
today's on its home; every write is in the audit log."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.appointments import services
from casework.duties import services as duty_services
from casework.models import Appointment
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

BOOK = reverse("casework:appointment_book")
LIST = reverse("casework:appointment_list")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def window(desk):
    return duty_services.window_save(
        name="综合窗口", items=[], staff=[desk], actor=make_user(roles.MANAGER)
    )


def test_booking_for_a_resident_chosen_with_the_picker_shows_on_the_day_list(desk, window):
    resident = make_resident(actor=desk, name="欧阳明月")
    client = _client(desk)
    picked = client.get(reverse("casework:resident_pick"),
                        {"for": "appointment", "q": resident.archive_number})
    url = picked.context["rows"][0]["url"]
    assert url == f"{BOOK}?resident={resident.pk}"
    today = timezone.localdate()
    response = client.post(url, {
        "day": today.isoformat(), "time": "09:30", "window": window.pk,
        "purpose": "办理老年人优待证",
    })
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.resident == resident and appointment.created_by == desk
    page = client.get(LIST).content.decode()
    assert "欧阳明月" in page and "09:30" in page and "办理老年人优待证" in page
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Appointment),
        object_pk=str(appointment.pk), action=LogEntry.Action.CREATE,
    )
    assert entry.actor == desk


def test_a_visitor_is_booked_by_name_and_nobody_at_all_is_refused(desk, window):
    client = _client(desk)
    data = {"day": timezone.localdate().isoformat(), "time": "10:00", "window": window.pk,
            "purpose": "咨询"}
    refused = client.post(BOOK, data)
    assert refused.status_code == 200
    assert "请选择居民，或填写来访人姓名。" in refused.content.decode()
    assert not Appointment.objects.exists()
    assert client.post(BOOK, {**data, "visitor_name": "张三"}).status_code == 302
    assert Appointment.objects.get().visitor_name == "张三"


def test_a_past_day_is_refused_next_to_the_date(desk, window):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = _client(desk).post(BOOK, {
        "day": yesterday.isoformat(), "time": "10:00", "window": window.pk,
        "purpose": "咨询", "visitor_name": "张三",
    })
    assert response.context["form"].errors["day"] == ["不能预约已过去的日期。"]


def test_marking_came_and_the_status_rules(desk, window):
    appointment = services.appointment_book(
        actor=desk, day=timezone.localdate(), time=datetime.time(9), window=window,
        purpose="咨询", visitor_name="张三",
    )
    client = _client(desk)
    client.post(reverse("casework:appointment_status", args=[appointment.pk]),
                {"status": "came"})
    appointment.refresh_from_db()
    assert appointment.status == "came"
    with pytest.raises(ActionRefused):
        services.appointment_set_status(actor=desk, appointment=appointment, status="cancelled")


def test_the_front_desk_home_lists_todays_booked_appointments(desk, window):
    services.appointment_book(
        actor=desk, day=timezone.localdate(), time=datetime.time(14, 15), window=window,
        purpose="开具证明", visitor_name="李四",
    )
    services.appointment_book(
        actor=desk, day=timezone.localdate() + datetime.timedelta(days=1),
        time=datetime.time(8), window=window, purpose="明天的预约", visitor_name="王五",
    )
    text = _client(desk).get(reverse("home")).content.decode()
    assert "今日预约" in text
    assert "14:15 · 综合窗口 · 开具证明" in text
    assert "明天的预约" not in text
    # Names stay off the home page lines.
    assert "李四" not in text


def test_staff_without_the_permission_cannot_see_or_book(db):
    client = _client(make_user(roles.OTHER_STAFF))
    assert client.get(LIST).status_code == 403
    assert client.get(BOOK).status_code == 403
