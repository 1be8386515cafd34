"""ACC-4 reading the log: the audit trail page and its export, and a resident's access report."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from residents import roles
from residents.access import services as grants
from residents.access.masking import mask_id_number, mask_phone
from residents.audit.context import Event
from residents.audit.log import record_reads
from residents.audit.pdf import REPORT_PURPOSE
from residents.audit.purposes import ReadPurpose
from residents.audit.trail import MASK
from residents.common.staff import staff_display, staff_number
from residents.models import (
    AccessGrant,
    GrantScope,
    RegistrationStatus,
    Resident,
    ResidentUserObjectPermission,
)
from tests.factories import (
    colleague_of,
    form_payload,
    make_resident,
    make_user,
    registration_data,
)

pytestmark = pytest.mark.django_db

NAME = "欧阳明月"
PHONE = "13912345678"
HUKOU = "上海市黄浦区"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _trail(client: Client, **params):
    return client.get(reverse("audit:trail"), params)


def _entries_on_page(response) -> list[LogEntry]:
    return [row.entry for row in response.context["rows"]]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def desk_user(db):
    """A front-desk user with a recognisable username (it must never reach a report)."""
    return make_user(roles.FRONT_DESK, username="wangfang_desk")


@pytest.fixture
def known(desk_user) -> Resident:
    """A resident registered, verified, viewed, revealed and printed through the real pages."""
    client = _client(desk_user)
    data = registration_data(name=NAME, phone=PHONE, hukou_location=HUKOU)
    response = client.post(
        reverse("residents:create"), {**form_payload(data), "submit": "1"}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])
    # Verified by a colleague: nobody verifies their own registration (ACC-8).
    verify = _client(colleague_of(desk_user)).post(reverse("residents:verify", args=[resident.pk]))
    assert verify.status_code == 302
    assert client.get(reverse("residents:detail", args=[resident.pk])).status_code == 200
    revealed = client.post(
        reverse("residents:reveal", args=[resident.pk]),
        {"field": "phone", "reason": "核对原件信息"},
    )
    assert revealed.status_code == 200
    assert client.post(reverse("residents:slip_print", args=[resident.pk])).status_code == 200
    resident.refresh_from_db()
    return resident


@pytest.fixture
def approver(manager):
    manager.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
    return type(manager).objects.get(pk=manager.pk)  # fresh permission cache


# --- who may read the trail -----------------------------------------------------------------


def test_auditor_sees_the_trail_but_not_resident_pages(auditor, known):
    client = _client(auditor)
    assert _trail(client).status_code == 200
    assert client.get(reverse("residents:detail", args=[known.pk])).status_code == 404


def test_manager_sees_the_trail(manager, known):
    assert _trail(_client(manager)).status_code == 200


def test_front_desk_is_refused_the_trail_and_its_export(desk_user):
    client = _client(desk_user)
    assert _trail(client).status_code == 403
    assert client.get(reverse("audit:export"), {"format": "csv"}).status_code == 403


def test_the_navigation_links_the_trail_only_for_readers_of_the_log(auditor, desk_user):
    trail_url = reverse("audit:trail")
    assert trail_url in _client(auditor).get(reverse("home")).content.decode()
    assert trail_url not in _client(desk_user).get(reverse("home")).content.decode()


# --- filters --------------------------------------------------------------------------------


def test_resident_filter_by_archive_number_or_record_number_keeps_only_that_resident(
    auditor, known, desk_user
):
    other = make_resident(actor=desk_user)
    record_reads(
        actor=desk_user, residents=[other], field_groups=["basic"],
        purpose=ReadPurpose.RESIDENT_SEARCH,
    )
    client = _client(auditor)

    by_archive = _entries_on_page(_trail(client, resident=known.archive_number))
    by_number = _entries_on_page(_trail(client, resident=f"#{known.pk}"))

    assert {entry.pk for entry in by_archive} == {entry.pk for entry in by_number}
    resident_type = ContentType.objects.get_for_model(Resident)
    kinds = {entry.content_type.model for entry in by_archive}
    assert kinds == {"resident", "slip"}  # the record and its printed slip
    for entry in by_archive:
        if entry.content_type == resident_type:
            assert entry.object_pk == str(known.pk)
    assert not any(
        entry.content_type == resident_type and entry.object_pk == str(other.pk)
        for entry in by_archive
    )


def test_resident_filter_includes_grants_and_permissions_of_that_resident(
    auditor, known, other_staff, approver
):
    with set_actor(other_staff):
        grant = grants.grant_request(
            requester=other_staff, resident=known, purpose="上门走访核实", scope=GrantScope.SERVICE
        )
    with set_actor(approver):
        grants.grant_approve(
            grant=grant, approver=approver, expires_at=timezone.now() + datetime.timedelta(hours=2)
        )
        grants.grant_revoke(grant=grant, actor=approver)

    entries = _entries_on_page(_trail(_client(auditor), resident=f"#{known.pk}", action="grant"))
    models = [entry.content_type.model_class() for entry in entries]
    assert models.count(AccessGrant) == 3  # requested, approved, revoked
    # Permissions written on approval and deleted on revocation still name the resident.
    assert models.count(ResidentUserObjectPermission) >= 2
    assert any(entry.action == LogEntry.Action.DELETE for entry in entries)


def test_user_filter_keeps_only_that_staff_members_entries(auditor, manager, known):
    _client(manager).get(reverse("residents:detail", args=[known.pk]))
    entries = _entries_on_page(_trail(_client(auditor), user=manager.username))
    assert entries
    assert {entry.actor_id for entry in entries} == {manager.pk}


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("create", lambda e: e.action == LogEntry.Action.CREATE),
        ("update", lambda e: e.action == LogEntry.Action.UPDATE),
        (
            "access",
            lambda e: e.action == LogEntry.Action.ACCESS
            and e.additional_data["event"] == Event.READ,
        ),
        (
            "reveal",
            lambda e: e.action == LogEntry.Action.ACCESS
            and e.additional_data["event"] == Event.REVEAL,
        ),
        (
            "denied",
            lambda e: e.action == LogEntry.Action.ACCESS
            and e.additional_data["event"] == Event.DENIED,
        ),
        (
            "grant",
            lambda e: e.content_type.model_class() in (AccessGrant, ResidentUserObjectPermission),
        ),
    ],
)
def test_action_filter_keeps_only_that_kind_of_entry(auditor, other_staff, known, action, check):
    # A refused attempt (other staff without a grant) and a grant request.
    assert _client(other_staff).get(reverse("residents:detail", args=[known.pk])).status_code == 404
    with set_actor(other_staff):
        grants.grant_request(
            requester=other_staff, resident=known, purpose="上门走访核实", scope=GrantScope.SERVICE
        )

    entries = _entries_on_page(_trail(_client(auditor), action=action))
    assert entries
    assert all(check(entry) for entry in entries)
    total = sum(1 for entry in LogEntry.objects.select_related("content_type") if check(entry))
    assert len(entries) == total


def test_export_action_filter_finds_the_exports(auditor, known):
    client = _client(auditor)
    client.get(reverse("audit:export"), {"format": "csv"})
    entries = _entries_on_page(_trail(client, action="export"))
    assert len(entries) == 1
    assert entries[0].additional_data["purpose"] == "audit_trail_export"


def test_date_filter_uses_shanghai_calendar_days(auditor, known):
    resident_type = ContentType.objects.get_for_model(Resident)

    def entry_at(moment: datetime.datetime) -> LogEntry:
        return LogEntry(
            content_type=resident_type,
            object_pk=str(known.pk),
            object_id=known.pk,
            object_repr=f"Resident #{known.pk}",
            action=LogEntry.Action.ACCESS,
            timestamp=moment,
            additional_data={"event": "read", "field_groups": ["basic"], "purpose": "test"},
        )

    late_evening = entry_at(datetime.datetime(2026, 1, 10, 23, 30, tzinfo=SHANGHAI))
    after_midnight = entry_at(datetime.datetime(2026, 1, 11, 0, 30, tzinfo=SHANGHAI))
    LogEntry.objects.bulk_create([late_evening, after_midnight])
    client = _client(auditor)

    tenth = _entries_on_page(_trail(client, date_from="2026-01-10", date_to="2026-01-10"))
    eleventh = _entries_on_page(_trail(client, date_from="2026-01-11", date_to="2026-01-11"))
    since_eleventh = _entries_on_page(_trail(client, date_from="2026-01-11"))
    until_tenth = _entries_on_page(_trail(client, date_to="2026-01-10"))

    assert [entry.pk for entry in tenth] == [late_evening.pk]
    assert [entry.pk for entry in eleventh] == [after_midnight.pk]
    assert late_evening.pk not in {entry.pk for entry in since_eleventh}
    assert after_midnight.pk in {entry.pk for entry in since_eleventh}
    assert [entry.pk for entry in until_tenth] == [late_evening.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"resident": "张三"}, "resident"),
        ({"resident": "JM-2099-999999"}, "resident"),
        ({"user": "nobody-by-this-name"}, "user"),
        ({"action": "sing"}, "action"),
        ({"date_from": "2026-13-40"}, "date_from"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
    ],
)
def test_invalid_filter_input_is_explained_next_to_the_field(auditor, params, field):
    response = _trail(_client(auditor), **params)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert response.context["rows"] == []


# --- what the trail shows -------------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.AUDITOR, roles.MANAGER])
def test_trail_never_shows_a_residents_id_number_or_phone(role, known, desk_user):
    page = _trail(_client(make_user(role))).content.decode()
    assert f"#{known.pk}" in page
    assert known.archive_number in page
    for secret in (known.id_number, PHONE):
        assert secret not in page
    if role == roles.AUDITOR:
        # Other personal values are decrypted only by a field policy covering them (ACC-14).
        for secret in (NAME, HUKOU, known.address):
            assert secret not in page
    assert mask_id_number(known.id_number) not in page
    # Staff are shown by role, staff number and username.
    assert staff_number(desk_user) in page
    assert desk_user.username in page
    assert "10.9.8.7" in page


def test_sensitive_values_are_masked_again_even_if_the_log_holds_them_in_full(auditor, known):
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(Resident),
                object_pk=str(known.pk),
                object_id=known.pk,
                object_repr=f"Resident #{known.pk}",
                action=LogEntry.Action.UPDATE,
                changes={"phone": [PHONE, "13800001111"], "status": ["submitted", "verified"]},
            )
        ]
    )
    response = _trail(_client(auditor), resident=f"#{known.pk}", action="update")
    page = response.content.decode()
    assert PHONE not in page and "13800001111" not in page
    assert MASK in page
    with translation.override("zh-hans"):
        assert str(RegistrationStatus.VERIFIED.label) in page  # workflow values stay readable


def test_trail_query_count_does_not_grow_with_the_rows(
    auditor, desk_user, manager, other_staff, django_assert_max_num_queries
):
    client = _client(auditor)
    first = make_resident(actor=desk_user)
    record_reads(
        actor=desk_user, residents=[first], field_groups=["basic"],
        purpose=ReadPurpose.RESIDENT_SEARCH,
    )
    # Two of them open residents' encrypted values (ACC-14): grants in force, and their keys.
    with django_assert_max_num_queries(18) as few:
        response = _trail(client)
    # The resident's entries (its checked ID card among them), and the four accounts' creation
    # and role memberships (ACC-7): a page far from full (entries other tests on this worker
    # committed may add a few), against the full page of 50 below.
    assert 3 <= len(response.context["rows"]) < 50

    # Many residents, actors, slips, grants and reads: at least a full page of varied rows.
    residents = [make_resident(actor=desk_user) for _ in range(8)]
    for actor in (desk_user, manager):
        record_reads(
            actor=actor, residents=residents, field_groups=["basic"],
            purpose=ReadPurpose.RESIDENT_LIST,
        )
    desk = _client(desk_user)
    for resident in residents:
        desk.post(reverse("residents:slip_print", args=[resident.pk]))
    with set_actor(other_staff):
        for resident in residents[:3]:
            grants.grant_request(
                requester=other_staff, resident=resident, purpose="上门走访核实",
                scope=GrantScope.SERVICE,
            )
    with django_assert_max_num_queries(18) as many:
        response = _trail(client)
    assert len(response.context["rows"]) == 50
    assert len(many.captured_queries) <= len(few.captured_queries) + 3


# --- export ---------------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_rows_without_personal_data_and_is_audited(
    auditor, known
):
    client = _client(auditor)
    expected = len(_entries_on_page(_trail(client, resident=known.archive_number)))
    response = client.get(
        reverse("audit:export"),
        {"format": "csv", "resident": known.archive_number},
        REMOTE_ADDR="10.0.0.99",
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert re.search(r'filename="audit-trail-\d{8}\.csv"', disposition)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) - 1 == expected
    for secret in (NAME, known.id_number, PHONE, HUKOU):
        assert secret not in text
    assert known.archive_number in text

    export = LogEntry.objects.get(action=LogEntry.Action.ACCESS, additional_data__event="export")
    assert export.actor == auditor
    assert export.remote_addr == "10.0.0.99"
    assert export.additional_data["purpose"] == "audit_trail_export"
    assert export.additional_data["rows"] == expected
    assert export.additional_data["filters"] == {"resident": known.archive_number}


def test_xlsx_export_is_a_workbook_with_the_same_rows(auditor, known):
    client = _client(auditor)
    expected = len(_entries_on_page(_trail(client, action="access")))
    response = client.get(reverse("audit:export"), {"format": "xlsx", "action": "access"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row - 1 == expected
    values = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert known.id_number not in values and PHONE not in values and NAME not in values


def test_export_over_the_cap_is_refused_with_a_message(auditor, known, monkeypatch):
    from residents.audit import views as audit_views

    monkeypatch.setattr(audit_views, "EXPORT_MAX_ROWS", 2)
    response = _client(auditor).get(reverse("audit:export"), {"format": "csv"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("audit:trail"))
    assert "2" in "".join(str(message) for message in response.context["messages"])
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def test_export_with_an_unknown_format_is_refused(auditor):
    response = _client(auditor).get(reverse("audit:export"), {"format": "pdf"})
    assert response.status_code == 302
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


# --- the resident's access report -----------------------------------------------------------


def test_detail_page_offers_the_access_report_to_front_desk(desk_user, known):
    page = _client(desk_user).get(reverse("residents:detail", args=[known.pk])).content.decode()
    assert reverse("residents:access_report", args=[known.pk]) in page


def test_access_report_lists_views_by_role_and_staff_number_and_is_recorded(
    desk_user, manager, known
):
    _client(manager).get(reverse("residents:detail", args=[known.pk]))
    response = _client(desk_user).post(
        reverse("residents:access_report", args=[known.pk]), REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.search(
        rf'filename="access-report-{known.archive_number}-\d{{8}}\.pdf"',
        response["Content-Disposition"],
    )
    text = _compact(_pdf_text(response.content))

    assert NAME in text
    assert known.archive_number in text
    assert mask_id_number(known.id_number) in text  # as front desk may see it
    assert known.id_number not in text
    assert PHONE not in text and mask_phone(PHONE) not in text
    assert _compact(staff_display(desk_user)) in text
    assert _compact(staff_display(manager)) in text
    assert desk_user.username not in text
    assert manager.username not in text

    report = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        object_pk=str(known.pk),
        additional_data__purpose=REPORT_PURPOSE,
    ).get()
    assert report.actor == desk_user
    assert report.remote_addr == "10.0.0.5"


def test_manager_report_shows_the_full_id_number(manager, known):
    response = _client(manager).post(reverse("residents:access_report", args=[known.pk]))
    assert response.status_code == 200
    assert known.id_number in _compact(_pdf_text(response.content))


def test_access_report_is_not_found_for_staff_who_may_not_see_the_resident(
    other_staff, auditor, known
):
    url = reverse("residents:access_report", args=[known.pk])
    assert _client(other_staff).post(url).status_code == 404
    assert _client(auditor).post(url).status_code == 404
    assert not LogEntry.objects.filter(additional_data__purpose=REPORT_PURPOSE).exists()
    # The refusals are themselves recorded.
    assert LogEntry.objects.filter(
        object_pk=str(known.pk), additional_data__event=Event.DENIED,
        actor__in=[other_staff, auditor],
    ).count() == 2


def test_access_report_is_forbidden_without_the_permission(known):
    viewer = make_user(None)
    viewer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="residents", codename="view_resident")
    )
    client = _client(viewer)
    assert client.get(reverse("residents:detail", args=[known.pk])).status_code == 200
    assert client.post(reverse("residents:access_report", args=[known.pk])).status_code == 403


def test_access_report_only_answers_post(desk_user, known):
    url = reverse("residents:access_report", args=[known.pk])
    assert _client(desk_user).get(url).status_code == 405


# --- the log itself -------------------------------------------------------------------------


def test_the_log_refuses_updates_and_deletes(known):
    entry = LogEntry.objects.filter(object_pk=str(known.pk)).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(remote_addr="127.0.0.1")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_trail_withholds_a_households_home_address(auditor, manager):
    from residents.households.services import household_create

    head = make_resident(actor=manager)
    with set_actor(manager):
        household_create(
            number="H-AUDIT-1", address="幸福路88号3单元502室", head=head,
            joined_on=timezone.localdate(), actor=manager,
        )
    client = Client()
    client.force_login(auditor)
    page = client.get(reverse("audit:trail")).content.decode()
    assert "H-AUDIT-1" in page  # the household's entry is on the trail
    assert "幸福路88号" not in page
