from __future__ import annotations

import random
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from stdnum.cn import ric

from residents import roles
from residents.common.validation import normalise_phone
from residents.demo.people import demo_residents
from residents.models import AccessGrant, GrantStatus, RegistrationStatus, Resident

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Demo-2026-jumin"
ACCOUNTS = {
    "frontdesk": roles.FRONT_DESK,
    "frontdesk2": roles.FRONT_DESK,
    "manager": roles.MANAGER,
    "manager2": roles.MANAGER,
    "head": roles.MANAGER,
    "reporter": roles.REPORTER,
    "reporter2": roles.REPORTER,
    "staff": roles.OTHER_STAFF,
    "auditor": roles.AUDITOR,
    "admin": roles.SYSADMIN,
    "security": roles.SECURITY_ADMIN,
    "supervisor": roles.SUPERVISOR,
}


def _seed(count: int = 20) -> str:
    out = StringIO()
    call_command("seed_demo", residents=count, stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("username", "password", "first_name")),
        "residents": sorted(
            Resident.objects.values_list("id_number", "status", "archive_number")
        ),
        "log_entries": LogEntry.objects.count(),
        "grants": sorted(
            AccessGrant.objects.values_list("requester__username", "resident_id", "status",
                                            "expires_at")
        ),
        "user_permissions": sorted(
            User.user_permissions.through.objects.values_list("user_id", "permission_id")
        ),
    }


def _logs_in(username: str, password: str) -> bool:
    """Through the sign-in page: django-axes checks every sign-in against its request."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_demo_accounts_have_their_roles_and_log_in_with_the_demo_password(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    _seed()
    for username, role in ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.last_name and user.first_name, "pages show a display name"
        assert _logs_in(username, DEMO_PASSWORD), username


def test_sysadmin_demo_account_may_use_django_admin_but_is_not_a_superuser():
    _seed(0)
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert not admin.is_superuser
    assert not admin.has_perm("residents.view_resident")
    assert not User.objects.filter(is_superuser=True).exists()


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Another-demo-pass-42")
    _seed(0)
    assert _logs_in("manager", "Another-demo-pass-42")
    assert not _logs_in("manager", DEMO_PASSWORD)


def test_demo_residents_have_valid_id_numbers_and_verified_ones_have_archive_numbers():
    _seed(20)
    residents = list(Resident.objects.all())
    assert len(residents) == 20
    assert all(ric.is_valid(resident.id_number) for resident in residents)
    verified = [r for r in residents if r.status == RegistrationStatus.VERIFIED]
    assert verified
    for resident in verified:
        assert resident.archive_number.startswith("JM-")
        assert resident.verified_by.username == "frontdesk2"
    assert all(r.archive_number is None for r in residents if r not in verified)


def test_demo_registrations_are_audited_with_the_front_desk_as_actor():
    _seed(5)
    frontdesk = User.objects.get(username="frontdesk")
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Resident), action=LogEntry.Action.CREATE
    )
    assert entries.count() == 5
    assert set(entries.values_list("actor", flat=True)) == {frontdesk.pk}


def test_running_seed_demo_twice_changes_nothing():
    _seed(20)
    first = _snapshot()
    output = _seed(20)
    assert _snapshot() == first
    assert "(0 new)" in output


def test_demo_manager_is_designated_and_staff_has_a_grant_in_force_and_a_pending_request():
    _seed(20)
    manager = User.objects.get(username="manager")
    assert manager.has_perm("residents.approve_accessgrant")
    assert not User.objects.get(username="frontdesk").has_perm("residents.approve_accessgrant")
    staff = User.objects.get(username="staff")
    granted = AccessGrant.objects.get(requester=staff, status=GrantStatus.APPROVED)
    assert granted.decided_by == manager
    assert granted.resident.status == RegistrationStatus.VERIFIED
    assert staff.has_perm("residents.view_resident", granted.resident)
    assert AccessGrant.objects.filter(requester=staff, status=GrantStatus.REQUESTED).count() == 1


def test_second_run_adds_no_grant_while_staff_has_any_even_a_decided_one():
    _seed(20)
    AccessGrant.objects.filter(status=GrantStatus.REQUESTED).update(status=GrantStatus.REJECTED)
    before = _snapshot()["grants"]
    _seed(20)
    assert _snapshot()["grants"] == before


def test_second_run_keeps_a_changed_password(monkeypatch):
    _seed(0)
    user = User.objects.get(username="frontdesk")
    user.set_password("Changed-by-the-user-1")
    user.save()
    monkeypatch.setenv("DEMO_PASSWORD", "Yet-another-pass-99")
    _seed(0)
    assert _logs_in("frontdesk", "Changed-by-the-user-1")


def test_a_larger_count_adds_residents_without_touching_the_first_ones():
    _seed(5)
    before = _snapshot()["residents"]
    _seed(8)
    after = _snapshot()["residents"]
    assert len(after) == 8
    assert set(before) <= set(after)


def test_generated_residents_are_consistent_and_realistic():
    residents = demo_residents(random.Random(7), 300)
    assert len({item["data"]["id_number"] for item in residents}) == 300
    statuses = [item["status"] for item in residents]
    assert 0.75 < statuses.count(RegistrationStatus.VERIFIED) / 300 < 0.95
    assert {RegistrationStatus.SUBMITTED, RegistrationStatus.DRAFT,
            RegistrationStatus.RETURNED} <= set(statuses)
    for item in residents:
        data = item["data"]
        number = data["id_number"]
        assert ric.is_valid(number)
        assert ric.get_birth_date(number) == data["birth_date"]
        assert (int(number[16]) % 2 == 1) == (data["gender"] == "M")
        assert 1935 <= data["birth_date"].year <= 2024
        assert 2 <= len(data["name"]) <= 4
        assert data["documents_checked"]
        if data["phone"]:
            assert normalise_phone(data["phone"]) == data["phone"]
        if data["birth_date"].year >= 2008:
            assert data["phone"] == "", "minors have no phone of their own"
        if not data["consent_optional"]:
            assert data["phone"] == data["service_needs"] == data["remarks"] == ""
        if item["status"] == RegistrationStatus.RETURNED:
            assert item["return_reason"]


def test_demo_fills_households_registers_tracking_and_activities():
    from residents.models import (
        Activity,
        ContactRecord,
        HardshipEntry,
        Household,
        KeyPersonEntry,
        VolunteerTeam,
    )

    _seed(60)
    for model in (Household, HardshipEntry, KeyPersonEntry, ContactRecord, Activity,
                  VolunteerTeam):
        assert model.objects.exists(), model.__name__


def test_demo_has_an_inspection_with_a_problem_spot_checks_and_an_accountability_record():
    from casework.models import AccountabilityRecord, Inspection, InspectionFinding

    _seed(20)
    assert Inspection.objects.filter(kind="quarterly").count() == 1
    assert Inspection.objects.filter(kind="spot_check").count() == 2
    assert InspectionFinding.objects.filter(result="problem").exists()
    assert AccountabilityRecord.objects.exists()


def test_demo_has_survey_answers_and_whistle_blowing_reports():
    from casework.models import SurveyResponse, WhistleblowingReport

    _seed(20)
    assert SurveyResponse.objects.count() == 40
    assert WhistleblowingReport.objects.filter(status="concluded").exists()
    assert WhistleblowingReport.objects.filter(channel="hotline").exists()
