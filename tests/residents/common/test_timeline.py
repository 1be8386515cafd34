"""The resident page's timeline: one list of what happened, as far as the viewer may see."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from residents.people import services
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _timeline(client, resident):
    response = client.get(reverse("residents:detail", args=[resident.pk]))
    assert response.status_code == 200
    return response.context["timeline"]


def test_timeline_shows_registration_and_verification(front_desk_client):
    resident = make_resident()
    kinds = [entry.kind for entry in _timeline(front_desk_client, resident)]
    assert "登记" in kinds
    assert "审核通过" in kinds


def test_timeline_names_changed_fields_only_where_the_viewer_may_see_them(
    front_desk_client, manager, front_desk
):
    manager_client = Client()
    manager_client.force_login(manager)
    resident = make_resident(status="returned")
    services.registration_update(
        registration=resident, actor=front_desk, data={"phone": "13700001111", "remarks": "已补正"}
    )
    front = [e.summary for e in _timeline(front_desk_client, resident) if e.kind == "信息变更"]
    managers = [e.summary for e in _timeline(manager_client, resident) if e.kind == "信息变更"]
    assert front == ["备注"]
    assert "联系电话" in managers[0]


def test_viewing_the_timeline_is_recorded_with_the_page(front_desk_client):
    resident = make_resident()
    _timeline(front_desk_client, resident)
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(resident.pk)
    ).get()
    assert entry.additional_data["timeline_entries"] >= 2
