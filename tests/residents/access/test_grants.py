"""ACC-2 exceptional access: request, approve, reject, revoke, expire; pages, policy and audit.

Expiry is tested without touching the clock: after approval, a test-only fixup moves the
grant's expiry (and that of its permission rows) to the instant just reached, which is what
the passing of time would do. The reads must then refuse it before any job has run.
"""

from __future__ import annotations

import datetime
import threading
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents import roles
from residents.access import services as grants
from residents.access.masking import mask_id_number
from residents.access.services import SCOPE_PERMISSIONS
from residents.common.errors import ActionRefused
from residents.models import (
    AccessGrant,
    GrantScope,
    GrantStatus,
    Resident,
    ResidentUserObjectPermission,
)
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

PURPOSE = "核实低保申请材料"
LIST_URL = reverse("residents:grant_list")
REQUEST_URL = reverse("residents:grant_request")
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- helpers -------------------------------------------------------------------------------


def designated_manager() -> User:
    user = make_user(roles.MANAGER)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="residents", codename="approve_accessgrant")
    )
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def request_access(user, resident, scope=GrantScope.SERVICE) -> AccessGrant:
    return grants.grant_request(requester=user, resident=resident, purpose=PURPOSE, scope=scope)


def approve(grant, approver, ahead=datetime.timedelta(hours=24)) -> AccessGrant:
    return grants.grant_approve(
        grant=grant, approver=approver, expires_at=timezone.now() + ahead
    )


def local_input(moment: datetime.datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime(DATETIME_LOCAL)


def reach_expiry(grant: AccessGrant) -> None:
    """Test-only fixup: the grant's expiry instant is now (as if the clock had moved on)."""
    instant = timezone.now()
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=instant)
    ResidentUserObjectPermission.objects.filter(grant=grant).update(expires_at=instant)


def message_levels(response) -> list[int]:
    return [m.level for m in messages.get_messages(response.wsgi_request)]


def entries_for(model, pks, action):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
        action=action,
    )


def status_changes(grant: AccessGrant) -> list[tuple[list, int | None]]:
    return [
        (entry.changes["status"], entry.actor_id)
        for entry in LogEntry.objects.get_for_object(grant)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("timestamp", "pk")
        if "status" in (entry.changes or {})
    ]


def reload(grant: AccessGrant) -> AccessGrant:
    return AccessGrant.objects.get(pk=grant.pk)


@pytest.fixture
def approver(db):
    return designated_manager()


@pytest.fixture
def resident(db):
    return make_resident(status="verified")


@pytest.fixture
def staff_client(client, other_staff):
    client.force_login(other_staff)
    return client


def resident_urls(resident) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("residents:detail", args=[resident.pk]), {}),
        ("get", reverse("residents:edit", args=[resident.pk]), {}),
        ("post", reverse("residents:slip_print", args=[resident.pk]), {}),
        ("post", reverse("residents:reveal", args=[resident.pk]),
         {"field": "id_number", "reason": "核对证件"}),
        ("post", reverse("residents:verify", args=[resident.pk]), {}),
    ]


# --- without a grant -----------------------------------------------------------------------


def test_staff_without_a_grant_gets_404_on_every_url_naming_the_resident(
    staff_client, resident
):
    for method, url, payload in resident_urls(resident):
        response = getattr(staff_client, method)(url, payload)
        assert response.status_code == 404, url
    listing = staff_client.get(reverse("residents:list"))
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == 0
    assert resident.name not in listing.content.decode()


def test_denied_attempt_is_logged_with_actor_and_address(staff_client, other_staff, resident):
    response = staff_client.get(
        reverse("residents:detail", args=[resident.pk]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 404
    entry = LogEntry.objects.get_for_object(resident).get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data["event"] == "denied"
    assert entry.additional_data["field_groups"] == []
    assert entry.actor == other_staff
    assert entry.remote_addr == "10.1.2.3"


# --- request → approve → access ------------------------------------------------------------


def test_approved_request_opens_the_record_with_a_masked_id_number_and_nothing_more(
    staff_client, other_staff, approver, resident
):
    response = staff_client.post(
        REQUEST_URL,
        {"archive_number": resident.archive_number, "purpose": PURPOSE, "scope": "service"},
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get(requester=other_staff)
    assert (grant.resident, grant.status, grant.purpose) == (
        resident, GrantStatus.REQUESTED, PURPOSE
    )
    # Requested is not approved: still nothing to see.
    assert staff_client.get(reverse("residents:detail", args=[resident.pk])).status_code == 404

    default_end = timezone.now() + grants.DEFAULT_DURATION
    response = client_for(approver).post(
        reverse("residents:grant_approve", args=[grant.pk]),
        {"expires_at": local_input(default_end), "note": ""},
    )
    assert response.status_code == 302
    assert message_levels(response) == [messages.SUCCESS]
    grant = reload(grant)
    assert grant.status == GrantStatus.APPROVED
    assert grant.decided_by == approver
    # The datetime-local value is China Standard Time, to the minute.
    assert abs(grant.expires_at - default_end) < datetime.timedelta(minutes=1)
    codenames = set(
        ResidentUserObjectPermission.objects.filter(grant=grant).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == set(SCOPE_PERMISSIONS[GrantScope.SERVICE])

    detail = staff_client.get(reverse("residents:detail", args=[resident.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert resident.name in page
    assert resident.address in page
    assert mask_id_number(resident.id_number) in page
    assert resident.id_number not in page
    assert resident.hukou_location not in page  # comprehensive information is not granted

    listing = staff_client.get(reverse("residents:list"))
    assert [row["resident"] for row in listing.context["rows"]] == [resident]

    # Seeing is not changing: actions on a visible resident answer 403.
    assert staff_client.post(reverse("residents:verify", args=[resident.pk])).status_code == 403
    assert staff_client.get(reverse("residents:edit", args=[resident.pk])).status_code == 403
    assert staff_client.post(reverse("residents:slip_print", args=[resident.pk])).status_code \
        == 403


def test_comprehensive_scope_shows_the_full_id_number(
    staff_client, other_staff, approver, resident
):
    approve(request_access(other_staff, resident, scope=GrantScope.COMPREHENSIVE), approver)
    page = staff_client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert resident.id_number in page
    assert resident.hukou_location in page


def test_has_perm_on_the_resident_follows_the_grant(other_staff, approver, resident):
    assert not other_staff.has_perm("residents.view_resident", resident)
    grant = approve(request_access(other_staff, resident), approver)
    assert other_staff.has_perm("residents.view_resident", resident)
    assert other_staff.has_perm("residents.view_service_needs", resident)
    assert not other_staff.has_perm("residents.view_sensitive", resident)
    assert not other_staff.has_perm("residents.change_resident", resident)
    other = make_resident(status="verified")
    assert not other_staff.has_perm("residents.view_resident", other)
    reach_expiry(grant)
    assert not other_staff.has_perm("residents.view_resident", resident)


# --- expiry ---------------------------------------------------------------------------------


def test_access_stops_at_the_expiry_instant_before_any_job_runs(
    staff_client, other_staff, approver, resident
):
    grant = approve(request_access(other_staff, resident), approver)
    detail_url = reverse("residents:detail", args=[resident.pk])
    assert staff_client.get(detail_url).status_code == 200

    reach_expiry(grant)

    assert staff_client.get(detail_url).status_code == 404
    assert staff_client.get(reverse("residents:list")).context["page"].paginator.count == 0
    assert reload(grant).status == GrantStatus.APPROVED  # the job has not run
    assert ResidentUserObjectPermission.objects.filter(grant=grant).exists()
    # The requester's list already calls it expired.
    row = staff_client.get(LIST_URL).context["rows"][0]
    assert (row["status"], row["in_force"]) == (GrantStatus.EXPIRED, False)


def test_expiry_command_marks_lapsed_grants_expired_and_deletes_their_permissions(
    other_staff, approver, resident
):
    lapsed = approve(request_access(other_staff, resident), approver)
    in_force = approve(request_access(other_staff, make_resident(status="verified")), approver)
    permission_pks = list(
        ResidentUserObjectPermission.objects.filter(grant=lapsed).values_list("pk", flat=True)
    )
    reach_expiry(lapsed)

    out = StringIO()
    call_command("expire_access_grants", stdout=out)

    assert "expired access grants: 1" in out.getvalue()
    lapsed = reload(lapsed)
    assert lapsed.status == GrantStatus.EXPIRED
    assert lapsed.ended_at == lapsed.expires_at
    assert not ResidentUserObjectPermission.objects.filter(grant=lapsed).exists()
    assert reload(in_force).status == GrantStatus.APPROVED
    assert ResidentUserObjectPermission.objects.filter(grant=in_force).count() == 3
    # Audited: the status change, and each deleted permission row. The job acts for nobody.
    assert ([GrantStatus.APPROVED, GrantStatus.EXPIRED], None) in status_changes(lapsed)
    deleted = entries_for(ResidentUserObjectPermission, permission_pks, LogEntry.Action.DELETE)
    assert deleted.count() == len(permission_pks) == 3

    out = StringIO()
    call_command("expire_access_grants", stdout=out)
    assert "expired access grants: 0" in out.getvalue()


def test_a_new_request_is_allowed_once_the_old_grant_has_lapsed(
    other_staff, approver, resident
):
    old = approve(request_access(other_staff, resident), approver)
    with pytest.raises(ActionRefused):
        request_access(other_staff, resident)
    reach_expiry(old)
    new = request_access(other_staff, resident)
    assert new.status == GrantStatus.REQUESTED
    assert reload(old).status == GrantStatus.EXPIRED
    assert not ResidentUserObjectPermission.objects.filter(grant=old).exists()


# --- revoke, reject ------------------------------------------------------------------------


def test_revoking_stops_access_at_once(staff_client, other_staff, approver, resident):
    grant = approve(request_access(other_staff, resident), approver)
    detail_url = reverse("residents:detail", args=[resident.pk])
    assert staff_client.get(detail_url).status_code == 200

    response = client_for(approver).post(reverse("residents:grant_revoke", args=[grant.pk]))

    assert response.status_code == 302
    assert message_levels(response) == [messages.SUCCESS]
    assert staff_client.get(detail_url).status_code == 404
    grant = reload(grant)
    assert (grant.status, grant.ended_by) == (GrantStatus.REVOKED, approver)
    assert not ResidentUserObjectPermission.objects.filter(grant=grant).exists()
    # Revoking twice is refused, nothing changes.
    again = client_for(approver).post(reverse("residents:grant_revoke", args=[grant.pk]))
    assert message_levels(again) == [messages.ERROR]
    assert reload(grant).ended_at == grant.ended_at


def test_rejecting_needs_a_note_and_records_it(staff_client, other_staff, approver, resident):
    grant = request_access(other_staff, resident)
    url = reverse("residents:grant_reject", args=[grant.pk])

    response = client_for(approver).post(url, {"note": "   "})
    assert message_levels(response) == [messages.ERROR]
    assert reload(grant).status == GrantStatus.REQUESTED

    response = client_for(approver).post(url, {"note": "与工作职责无关"})
    assert message_levels(response) == [messages.SUCCESS]
    grant = reload(grant)
    assert (grant.status, grant.decision_note, grant.decided_by) == (
        GrantStatus.REJECTED, "与工作职责无关", approver
    )
    assert not ResidentUserObjectPermission.objects.exists()
    assert staff_client.get(reverse("residents:detail", args=[resident.pk])).status_code == 404
    # A decided request cannot be approved afterwards.
    response = client_for(approver).post(
        reverse("residents:grant_approve", args=[grant.pk]),
        {"expires_at": local_input(timezone.now() + datetime.timedelta(hours=2))},
    )
    assert message_levels(response) == [messages.ERROR]
    assert reload(grant).status == GrantStatus.REJECTED


# --- who may decide, and what is refused ---------------------------------------------------


@pytest.mark.parametrize("url_name", ["grant_approve", "grant_reject", "grant_revoke"])
def test_manager_without_the_designation_gets_403_and_the_attempt_is_logged(
    manager, other_staff, resident, url_name
):
    grant = request_access(other_staff, resident)
    response = client_for(manager).post(
        reverse(f"residents:{url_name}", args=[grant.pk]),
        {"expires_at": local_input(timezone.now() + datetime.timedelta(hours=2)), "note": "好"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 403
    assert reload(grant).status == GrantStatus.REQUESTED
    denied = LogEntry.objects.get_for_object(resident).get(action=LogEntry.Action.ACCESS)
    assert denied.additional_data["event"] == "denied"
    assert denied.additional_data["reason"] == "forbidden"
    assert (denied.actor, denied.remote_addr) == (manager, "10.9.8.7")


def test_manager_without_the_designation_is_refused_by_the_service(manager, other_staff, resident):
    grant = request_access(other_staff, resident)
    with pytest.raises(ActionRefused):
        approve(grant, manager)
    with pytest.raises(ActionRefused):
        grants.grant_reject(grant=grant, approver=manager, note="不需要")
    assert reload(grant).status == GrantStatus.REQUESTED


def test_undesignated_user_gets_403_even_for_a_grant_that_does_not_exist(manager):
    response = client_for(manager).post(reverse("residents:grant_revoke", args=[999999]))
    assert response.status_code == 403


def test_designated_manager_gets_404_for_a_grant_that_does_not_exist(approver):
    response = client_for(approver).post(reverse("residents:grant_revoke", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "ahead",
    [
        grants.MAX_DURATION + datetime.timedelta(hours=1),
        datetime.timedelta(minutes=-5),
    ],
    ids=["beyond-30-days", "in-the-past"],
)
def test_expiry_beyond_30_days_or_in_the_past_is_refused(
    other_staff, approver, resident, ahead
):
    grant = request_access(other_staff, resident)
    with pytest.raises(ActionRefused):
        approve(grant, approver, ahead=ahead)
    response = client_for(approver).post(
        reverse("residents:grant_approve", args=[grant.pk]),
        {"expires_at": local_input(timezone.now() + ahead)},
    )
    assert response.status_code == 302
    assert message_levels(response) == [messages.ERROR]
    assert reload(grant).status == GrantStatus.REQUESTED
    assert not ResidentUserObjectPermission.objects.exists()


def test_thirty_days_is_the_longest_expiry_accepted(other_staff, approver, resident):
    grant = approve(
        request_access(other_staff, resident),
        approver,
        ahead=grants.MAX_DURATION - datetime.timedelta(minutes=1),
    )
    assert grant.status == GrantStatus.APPROVED


def test_nobody_approves_their_own_request(approver, resident):
    own = request_access(approver, resident)
    with pytest.raises(ActionRefused):
        approve(own, approver)
    response = client_for(approver).post(
        reverse("residents:grant_approve", args=[own.pk]),
        {"expires_at": local_input(timezone.now() + datetime.timedelta(hours=2))},
    )
    assert message_levels(response) == [messages.ERROR]
    assert reload(own).status == GrantStatus.REQUESTED
    # The list offers no decision on one's own request.
    row = client_for(approver).get(LIST_URL).context["rows"][0]
    assert row["own"]


def test_a_second_open_request_for_the_same_resident_is_refused(
    staff_client, other_staff, approver, resident
):
    request_access(other_staff, resident)
    with pytest.raises(ActionRefused):
        request_access(other_staff, resident)
    payload = {"archive_number": resident.archive_number, "purpose": PURPOSE, "scope": "service"}
    response = staff_client.post(REQUEST_URL, payload)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AccessGrant.objects.filter(requester=other_staff).count() == 1
    # Also while the grant is in force.
    approve(AccessGrant.objects.get(requester=other_staff), approver)
    response = staff_client.post(REQUEST_URL, payload)
    assert response.context["form"].non_field_errors()
    assert AccessGrant.objects.filter(requester=other_staff).count() == 1


# --- the request form ----------------------------------------------------------------------


def test_unknown_archive_number_gets_a_field_error_and_reveals_nothing(
    staff_client, other_staff, resident
):
    unverified = make_resident(status="submitted")
    for number in ["JM-2099-999999", "no such number", str(resident.pk)]:
        response = staff_client.post(
            REQUEST_URL, {"archive_number": number, "purpose": PURPOSE, "scope": "service"}
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["archive_number"]
        page = response.content.decode()
        for secret in (resident.name, unverified.name, resident.archive_number):
            assert secret not in page
    assert not AccessGrant.objects.exists()


def test_archive_number_is_accepted_as_typed_with_an_ime(staff_client, other_staff, resident):
    prefix, year, serial = resident.archive_number.split("-")
    typed = f" {prefix.lower()}－{year}－{int(serial)} ".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    response = staff_client.post(
        REQUEST_URL, {"archive_number": typed, "purpose": PURPOSE, "scope": "comprehensive"}
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get(requester=other_staff)
    assert (grant.resident, grant.scope) == (resident, GrantScope.COMPREHENSIVE)


def test_purpose_of_at_least_four_characters_is_required(staff_client, resident):
    for purpose in ["", "  查 看  "]:
        response = staff_client.post(
            REQUEST_URL,
            {"archive_number": resident.archive_number, "purpose": purpose, "scope": "service"},
        )
        assert response.status_code == 200
        assert "purpose" in response.context["form"].errors
    assert not AccessGrant.objects.exists()


@pytest.mark.parametrize("role", ["front_desk", "auditor", "manager", "sysadmin"])
def test_only_requesters_may_open_the_request_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(REQUEST_URL).status_code == 403


# --- audit of every step -------------------------------------------------------------------


def test_every_step_is_audited_with_its_actor(
    staff_client, other_staff, approver, resident
):
    manager_client = client_for(approver)
    staff_client.post(
        REQUEST_URL,
        {"archive_number": resident.archive_number, "purpose": PURPOSE, "scope": "service"},
        REMOTE_ADDR="10.0.0.5",
    )
    grant = AccessGrant.objects.get(requester=other_staff)
    created = LogEntry.objects.get_for_object(grant).get(action=LogEntry.Action.CREATE)
    assert (created.actor, created.remote_addr) == (other_staff, "10.0.0.5")

    manager_client.post(
        reverse("residents:grant_approve", args=[grant.pk]),
        {"expires_at": local_input(timezone.now() + datetime.timedelta(hours=3))},
    )
    permission_pks = list(
        ResidentUserObjectPermission.objects.filter(grant=grant).values_list("pk", flat=True)
    )
    permission_created = entries_for(
        ResidentUserObjectPermission, permission_pks, LogEntry.Action.CREATE
    )
    assert permission_created.count() == 3
    assert set(permission_created.values_list("actor", flat=True)) == {approver.pk}

    manager_client.post(reverse("residents:grant_revoke", args=[grant.pk]))
    permission_deleted = entries_for(
        ResidentUserObjectPermission, permission_pks, LogEntry.Action.DELETE
    )
    assert set(permission_deleted.values_list("actor", flat=True)) == {approver.pk}
    assert permission_deleted.count() == 3

    rejected = request_access(other_staff, make_resident(status="verified"))
    manager_client.post(reverse("residents:grant_reject", args=[rejected.pk]), {"note": "不批准"})

    assert status_changes(grant) == [
        ([GrantStatus.REQUESTED, GrantStatus.APPROVED], approver.pk),
        ([GrantStatus.APPROVED, GrantStatus.REVOKED], approver.pk),
    ]
    assert status_changes(rejected) == [
        ([GrantStatus.REQUESTED, GrantStatus.REJECTED], approver.pk)
    ]


# --- the list page --------------------------------------------------------------------------


def test_auditor_sees_every_request_but_no_resident_name(client, auditor, other_staff, resident):
    grant = request_access(other_staff, resident)
    client.force_login(auditor)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert resident.name not in page
    assert f"#{resident.pk}" in page
    assert resident.archive_number in page
    assert PURPOSE in page
    assert reverse("residents:grant_approve", args=[grant.pk]) not in page
    assert reverse("residents:detail", args=[resident.pk]) not in page


def test_requester_sees_only_the_archive_number_until_approved_then_a_link(
    staff_client, other_staff, approver, resident
):
    grant = request_access(other_staff, resident)
    someone_else = request_access(make_user(roles.OTHER_STAFF), make_resident(status="verified"))
    page = staff_client.get(LIST_URL).content.decode()
    assert resident.archive_number in page
    assert resident.name not in page
    assert someone_else.resident.archive_number not in page
    detail_url = reverse("residents:detail", args=[resident.pk])
    assert detail_url not in page

    approve(grant, approver)
    response = staff_client.get(LIST_URL)
    page = response.content.decode()
    assert detail_url in page
    row = response.context["rows"][0]
    assert row["in_force"]
    assert row["grant"].expires_at > timezone.now()


def test_manager_sees_names_pending_first_and_the_shown_names_are_logged(
    client, manager, other_staff, approver, resident
):
    decided = approve(request_access(other_staff, make_resident(status="verified")), approver)
    pending = request_access(other_staff, resident)
    client.force_login(manager)
    response = client.get(LIST_URL)
    assert [row["grant"] for row in response.context["rows"]] == [pending, decided]
    page = response.content.decode()
    assert resident.name in page
    assert decided.resident.name in page
    assert reverse("residents:grant_approve", args=[pending.pk]) not in page  # not designated
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=manager, additional_data__purpose="grant_list"
    )
    assert reads.count() == 2


def test_designated_manager_gets_decision_forms_with_a_24_hour_default(
    client, approver, other_staff, resident
):
    pending = request_access(other_staff, resident)
    in_force = approve(request_access(other_staff, make_resident(status="verified")), approver)
    client.force_login(approver)
    before = timezone.now() + grants.DEFAULT_DURATION
    page = client.get(LIST_URL).content.decode()
    after = timezone.now() + grants.DEFAULT_DURATION
    assert reverse("residents:grant_approve", args=[pending.pk]) in page
    assert reverse("residents:grant_reject", args=[pending.pk]) in page
    assert reverse("residents:grant_revoke", args=[in_force.pk]) in page
    assert reverse("residents:grant_approve", args=[in_force.pk]) not in page
    assert f'value="{local_input(before)}"' in page or f'value="{local_input(after)}"' in page


def test_list_filters_by_status(client, auditor, other_staff, approver):
    pending = request_access(other_staff, make_resident(status="verified"))
    approved = approve(request_access(other_staff, make_resident(status="verified")), approver)
    lapsed = approve(request_access(other_staff, make_resident(status="verified")), approver)
    reach_expiry(lapsed)
    client.force_login(auditor)

    def shown(status):
        response = client.get(LIST_URL, {"status": status})
        return {row["grant"].pk for row in response.context["rows"]}

    assert shown("requested") == {pending.pk}
    assert shown("approved") == {approved.pk}
    assert shown("expired") == {lapsed.pk}
    assert shown("") == shown("nonsense") == {pending.pk, approved.pk, lapsed.pk}


@pytest.mark.parametrize("role", ["front_desk", "sysadmin", "reporter"])
def test_users_without_grant_permissions_get_403_on_the_list(client, role):
    client.force_login(make_user(getattr(roles, role.upper())))
    assert client.get(LIST_URL).status_code == 403


def test_home_page_and_menu_lead_staff_to_the_request_page(staff_client):
    page = staff_client.get(reverse("home")).content.decode()
    assert REQUEST_URL in page
    assert LIST_URL in page


def test_front_desk_has_no_access_requests_menu(front_desk_client):
    page = front_desk_client.get(reverse("home")).content.decode()
    assert LIST_URL not in page


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_designated_managers_approving_at_once_approve_exactly_once():
    requester = make_user(roles.OTHER_STAFF)
    first, second = designated_manager(), designated_manager()
    resident = make_resident(status="verified")
    grant = request_access(requester, resident)

    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def decide(approver):
        try:
            barrier.wait(timeout=10)
            approve(grant, approver)
            outcome: object = "approved"
        except ActionRefused:
            outcome = "refused"
        except Exception as exc:  # surfaced by the assertion below
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=decide, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert sorted(map(str, outcomes)) == ["approved", "refused"], outcomes
    grant = reload(grant)
    assert grant.status == GrantStatus.APPROVED
    assert grant.decided_by in (first, second)
    assert ResidentUserObjectPermission.objects.filter(grant=grant).count() == len(
        SCOPE_PERMISSIONS[GrantScope.SERVICE]
    )
    approvals = [change for change in status_changes(grant) if change[0][1] == "approved"]
    assert len(approvals) == 1
    assert Resident.objects.filter(pk=resident.pk).exists()
