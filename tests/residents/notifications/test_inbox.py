"""The inbox: notifications reach their recipients once, show as a badge and open their link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents import roles
from residents.models import Notification
from residents.notifications.services import notification_send, role_members
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_notification_reaches_each_recipient_and_shows_as_a_badge(client, front_desk, manager):
    sent = notification_send(
        recipients=[front_desk, manager], text="办件 BG-2026-000005 已批准",
        url=reverse("home"),
    )
    assert sent == 2
    client.force_login(front_desk)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "办件 BG-2026-000005 已批准" in page
    assert 'class="badge"' in client.get(reverse("home")).content.decode()


def test_a_keyed_notification_is_sent_once_however_often_the_job_runs(front_desk):
    for _ in range(3):
        notification_send(recipients=[front_desk], text="逾期", key="overdue-step-7")
    assert Notification.objects.filter(recipient=front_desk).count() == 1


def test_inactive_users_get_no_notification(front_desk):
    front_desk.is_active = False
    front_desk.save(update_fields=["is_active"])
    assert notification_send(recipients=[front_desk], text="逾期") == 0


def test_role_members_are_the_active_holders_of_the_role(db):
    admin = make_user(roles.SYSADMIN)
    gone = make_user(roles.SYSADMIN)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    make_user(roles.FRONT_DESK)
    assert list(role_members(roles.SYSADMIN)) == [admin]


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, front_desk):
    notification_send(recipients=[front_desk], text="请核对", url="/residents/")
    notification = Notification.objects.get(recipient=front_desk)
    client.force_login(front_desk)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/residents/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="badge"' not in client.get(reverse("notifications:inbox")).content.decode()


def test_a_link_leading_off_the_site_is_not_followed(client, front_desk):
    notification_send(recipients=[front_desk], text="请核对", url="https://evil.example/")
    notification = Notification.objects.get(recipient=front_desk)
    client.force_login(front_desk)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_nobody_opens_or_reads_another_users_notification(client, front_desk, manager):
    notification_send(recipients=[manager], text="待审批 BG-2026-000001")
    notification = Notification.objects.get(recipient=manager)
    client.force_login(front_desk)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert "BG-2026-000001" not in client.get(reverse("notifications:inbox")).content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_empties_the_badge(client, front_desk):
    notification_send(recipients=[front_desk], text="一")
    notification_send(recipients=[front_desk], text="二")
    client.force_login(front_desk)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=front_desk, read_at__isnull=True).exists()
