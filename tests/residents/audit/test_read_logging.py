"""Read logging (ACC-4): one entry per resident shown, one INSERT per page."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from residents.models import Resident
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _list_queries(client) -> int:
    # A request first: the session is rewritten at most once a minute, not by every request.
    client.get(reverse("residents:list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("residents:list"))
    assert response.status_code == 200
    return len(queries)


def test_list_page_query_count_does_not_grow_with_rows(front_desk_client):
    for _ in range(5):
        make_resident(status="draft")
    few = _list_queries(front_desk_client)
    for _ in range(45):
        make_resident(status="draft")
    assert Resident.objects.count() == 50
    many = _list_queries(front_desk_client)
    assert many == few


def test_list_page_of_50_rows_logs_50_reads_in_one_insert(
    front_desk_client, front_desk, django_assert_max_num_queries
):
    for _ in range(50):
        make_resident(status="draft")
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    with CaptureQueriesContext(connection) as queries:
        front_desk_client.get(reverse("residents:list"), REMOTE_ADDR="192.0.2.7")
    inserts = [q for q in queries if 'INSERT INTO "auditlog_logentry"' in q["sql"]]
    assert len(inserts) == 1
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("-pk")[:50]
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 50
    assert {entry.actor_id for entry in entries} == {front_desk.pk}
    assert {entry.remote_addr for entry in entries} == {"192.0.2.7"}
    assert all(entry.additional_data["purpose"] == "resident_list" for entry in entries)
    assert all(entry.additional_data["field_groups"] == ["basic"] for entry in entries)
    # Session, user, whether the roles need a second factor, permissions, grants, count, keys,
    # rows, filter counts, areas, one INSERT.
    with django_assert_max_num_queries(15):
        front_desk_client.get(reverse("residents:list"))


def test_searching_logs_each_hit_with_the_search_purpose(front_desk_client):
    wang = make_resident(name="王建国")
    make_resident(name="李秀英")
    front_desk_client.get(reverse("residents:list"), {"q": "建国"})
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.object_pk == str(wang.pk)
    assert entry.additional_data["purpose"] == "resident_search"


def test_a_denied_detail_request_is_recorded_with_actor_and_address(client, other_staff):
    resident = make_resident()
    client.force_login(other_staff)
    response = client.get(reverse("residents:detail", args=[resident.pk]), REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 404
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.object_pk == str(resident.pk)
    assert entry.actor == other_staff
    assert entry.remote_addr == "192.0.2.9"
    assert entry.additional_data["event"] == "denied"
    assert entry.additional_data["reason"] == "not_found"


def test_a_forbidden_action_on_a_visible_resident_is_recorded(front_desk_client, front_desk):
    resident = make_resident(status="verified")
    response = front_desk_client.get(reverse("residents:edit", args=[resident.pk]))
    assert response.status_code == 403
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__event="denied"
    ).get()
    assert entry.additional_data["reason"] == "forbidden"
    assert entry.actor == front_desk


def test_queryset_update_of_residents_is_audited_with_masked_values(front_desk):
    from residents.audit.context import acting_as

    resident = make_resident(phone="13800001111")
    with acting_as(front_desk):
        Resident.objects.filter(pk=resident.pk).update(phone="13900002222", remarks="批量更正")
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE,
        object_pk=str(resident.pk),
        additional_data__event="bulk_write",
    ).get()
    assert entry.actor == front_desk
    assert entry.changes["phone"] == ["******", "******"]
    assert entry.changes["remarks"] == [None, "批量更正"]
    assert "13900002222" not in str(entry.changes)


def test_queryset_update_masks_the_fields_each_model_masks_in_its_change_log(front_desk):
    from residents.audit.context import acting_as
    from residents.models import SocialContact

    resident = make_resident()
    contact = SocialContact.objects.create(
        resident=resident, name="李秀英", relationship="母亲", phone="13700001234"
    )
    with acting_as(front_desk):
        SocialContact.objects.filter(pk=contact.pk).update(phone="13600005678")
    entry = LogEntry.objects.filter(
        object_pk=str(contact.pk), additional_data__event="bulk_write"
    ).get()
    assert "13600005678" not in str(entry.changes)
    assert entry.changes["phone"] == ["******", "******"]
