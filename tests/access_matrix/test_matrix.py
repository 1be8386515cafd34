"""Every URL of the project × every role → the expected status, the leak check and read logging.

A URL pattern missing from MATRIX fails `test_every_url_pattern_is_in_the_matrix`, so a new
page cannot skip the access rules. Each case runs on a world of residents and grants exactly as
freshly built (the `world` fixture, fixtures.py and world.py).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from residents.models import Resident
from tests.access_matrix.cases import SUBJECT_MODULES, family_for
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    HIDDEN,
    LOGIN,
    OK,
    RESIDENT_HIDDEN,
    ROLES,
    Case,
    _statuses,
)
from tests.access_matrix.world import FULL_ID_PHONE, PNG_1X1

# Roles that may see comprehensive information in full: the leak check does not apply to them.
FULL_VIEW_ROLES = {"manager", "designated_manager"}


CORE_CASES: dict[str, Case] = {
    "healthz": Case("get", lambda w: reverse("healthz"), _statuses(OK, anonymous=OK)),
    "login": Case("get", lambda w: reverse("login"), _statuses(OK, anonymous=OK)),
    "logout": Case("post", lambda w: reverse("logout"), _statuses(FOUND, anonymous=FOUND)),
    "password_change": Case("get", lambda w: reverse("password_change"), _statuses(OK)),
    "set_language": Case(
        "post", lambda w: reverse("set_language"), _statuses(FOUND, anonymous=FOUND),
        lambda w: {"language": "en", "next": "/"},
    ),
    "preregister": Case("get", lambda w: reverse("preregister"), _statuses(OK, anonymous=OK)),
    "preregister_done": Case(
        "get", lambda w: reverse("preregister_done"), _statuses(OK, anonymous=OK)
    ),
    "home": Case("get", lambda w: reverse("home"), _statuses(OK)),
    # Account changes (ACC-7): administrators ask, security administrators decide.
    "accounts:change_list": Case(
        "get", lambda w: reverse("accounts:change_list"),
        _statuses(FORBIDDEN, auditor=OK, sysadmin=OK),
    ),
    "accounts:change_request": Case(
        "get", lambda w: reverse("accounts:change_request"), _statuses(FORBIDDEN, sysadmin=OK)
    ),
    "accounts:change_approve": Case(
        "post", lambda w: reverse("accounts:change_approve", args=[w.extra["account_change"].pk]),
        _statuses(FORBIDDEN),
    ),
    "accounts:change_reject": Case(
        "post", lambda w: reverse("accounts:change_reject", args=[w.extra["account_change"].pk]),
        _statuses(FORBIDDEN), lambda w: {"note": "无依据"},
    ),
    # The second factor (ACC-10). Every case signs in with force_login, which passes it for the
    # accounts that need it (tests/conftest.py): they see their set-up, the others a note.
    "otp:setup": Case("get", lambda w: reverse("otp:setup"), _statuses(OK)),
    # Nothing left to verify: sent on to the page asked for.
    "otp:verify": Case("get", lambda w: reverse("otp:verify"), _statuses(FOUND)),
    # Starting again needs a current code: an empty one is refused on the page; without an
    # authenticator there is nothing to replace.
    "otp:replace": Case(
        "post", lambda w: reverse("otp:replace"),
        _statuses(FOUND, manager=OK, designated_manager=OK, auditor=OK, sysadmin=OK),
    ),
    # Security administrators only (not a role of the matrix; tests/security/test_two_factor.py).
    "otp:accounts": Case("get", lambda w: reverse("otp:accounts"), _statuses(FORBIDDEN)),
    "otp:reset": Case(
        "post", lambda w: reverse("otp:reset", args=[w.users["manager"].pk]),
        _statuses(FORBIDDEN), lambda w: {"reason": "手机丢失"},
    ),
    "residents:list": Case(
        "get", lambda w: reverse("residents:list"),
        _statuses(OK, reporter=FORBIDDEN, auditor=FORBIDDEN, sysadmin=FORBIDDEN),
    ),
    "residents:create": Case(
        "get", lambda w: reverse("residents:create"),
        _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK),
    ),
    "residents:detail": Case(
        "get", lambda w: reverse("residents:detail", args=[w.resident.pk]),
        _statuses(OK, **RESIDENT_HIDDEN),
    ),
    "residents:edit": Case(
        "get", lambda w: reverse("residents:edit", args=[w.resident.pk]),
        _statuses(FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:submit": Case(
        "post", lambda w: reverse("residents:submit", args=[w.resident.pk]),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:verify": Case(
        "post", lambda w: reverse("residents:verify", args=[w.resident.pk]),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:return": Case(
        "post", lambda w: reverse("residents:return", args=[w.resident.pk]),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        lambda w: {"reason": "请补充材料"},
    ),
    "residents:slip_print": Case(
        "post", lambda w: reverse("residents:slip_print", args=[w.resident.pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        # Every role prints the same slip: the prints after the first say why.
        lambda w: {"reprint_reason": "打印机卡纸"},
    ),
    "residents:reveal": Case(
        "post", lambda w: reverse("residents:reveal", args=[w.resident.pk]),
        # Managers see the value already: nothing to reveal, they are sent back to the record.
        _statuses(OK, manager=FOUND, designated_manager=FOUND,
                  other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        lambda w: {"field": "id_number", "reason": "与身份证原件核对"},
    ),
    "residents:access_report": Case(
        "post", lambda w: reverse("residents:access_report", args=[w.resident.pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:slip_sign": Case(
        "post", lambda w: reverse("residents:slip_sign", args=[w.slip.pk]),
        _statuses(FOUND, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
        lambda w: {"signed_on": timezone.localdate().isoformat()},
    ),
    "residents:slip_scan": Case(
        "get", lambda w: reverse("residents:slip_scan", args=[w.signed_slip.pk]),
        _statuses(OK, other_staff_granted=FORBIDDEN, **RESIDENT_HIDDEN),
    ),
    "residents:grant_list": Case(
        "get", lambda w: reverse("residents:grant_list"),
        _statuses(OK, front_desk=FORBIDDEN, reporter=FORBIDDEN, sysadmin=FORBIDDEN),
    ),
    "residents:grant_request": Case(
        "get", lambda w: reverse("residents:grant_request"),
        _statuses(FORBIDDEN, other_staff=OK, other_staff_granted=OK, other_staff_expired=OK),
    ),
    "residents:grant_approve": Case(
        "post", lambda w: reverse("residents:grant_approve", args=[w.pending_grant.pk]),
        _statuses(FORBIDDEN, designated_manager=FOUND),
        lambda w: {"expires_at": (timezone.localtime() + datetime.timedelta(hours=8))
                   .strftime("%Y-%m-%dT%H:%M")},
    ),
    "residents:grant_reject": Case(
        "post", lambda w: reverse("residents:grant_reject", args=[w.pending_grant.pk]),
        _statuses(FORBIDDEN, designated_manager=FOUND),
        lambda w: {"note": "用途不明确"},
    ),
    "residents:grant_revoke": Case(
        "post", lambda w: reverse("residents:grant_revoke", args=[w.approved_grant.pk]),
        _statuses(FORBIDDEN, designated_manager=FOUND),
    ),
    "residents:worklists": Case(
        "get", lambda w: reverse("residents:worklists"),
        _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK),
    ),
    "audit:trail": Case(
        "get", lambda w: reverse("audit:trail"),
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK, auditor=OK),
    ),
    "audit:export": Case(
        "get", lambda w: reverse("audit:export") + "?format=csv",
        _statuses(FORBIDDEN, manager=OK, designated_manager=OK, auditor=OK),
    ),
    # List exports (DAT-2): whoever sees the resident list exports it; a file built in the
    # background is its requester's alone (the world's is the front desk's).
    "exports:residents": Case(
        "post", lambda w: reverse("exports:residents"),
        _statuses(FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK),
        lambda w: {"format": "csv"},
    ),
    "exports:detail": Case(
        "get", lambda w: reverse("exports:detail", args=[w.extra["export_file"].pk]),
        _statuses(FORBIDDEN, front_desk=OK, manager=HIDDEN, designated_manager=HIDDEN),
    ),
    "exports:download": Case(
        "post", lambda w: reverse("exports:download", args=[w.extra["export_file"].pk]),
        _statuses(FORBIDDEN, front_desk=OK, manager=HIDDEN, designated_manager=HIDDEN),
    ),
    # The background jobs page (DAT-4) is the system administrator's.
    "jobs:list": Case("get", lambda w: reverse("jobs:list"), _statuses(FORBIDDEN, sysadmin=OK)),
    "jobs:retry": Case(
        "post", lambda w: reverse("jobs:retry", args=[w.extra["failed_job"]]),
        _statuses(FORBIDDEN, sysadmin=FOUND),
    ),
    # Every signed-in user has an inbox; a notification opens for its recipient only.
    "notifications:inbox": Case("get", lambda w: reverse("notifications:inbox"), _statuses(OK)),
    "notifications:open": Case(
        "post", lambda w: reverse("notifications:open", args=[w.extra["notification"].pk]),
        _statuses(HIDDEN, front_desk=FOUND),
    ),
    "notifications:read_all": Case(
        "post", lambda w: reverse("notifications:read_all"), _statuses(FOUND)
    ),
    # The backups page (ACC-6) is the system administrator's too.
    "backups:list": Case(
        "get", lambda w: reverse("backups:list"), _statuses(FORBIDDEN, sysadmin=OK)
    ),
    "backups:verify": Case(
        "post", lambda w: reverse("backups:verify"), _statuses(FORBIDDEN, sysadmin=FOUND)
    ),
}


MATRIX: dict[str, Case] = {**CORE_CASES}
for _module in SUBJECT_MODULES:
    MATRIX.update(_module.CASES)


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_in_the_matrix():
    # The admin site is covered by its own test below: staff-only, and sysadmin only.
    names = {name for name in _url_names() if not name.startswith("admin:")}
    assert names - MATRIX.keys() == set(), "add these URLs to the access matrix"
    assert MATRIX.keys() - names == set(), "these matrix entries name no URL"


def _request(client, world, name, role):
    case = MATRIX[name]
    if role != "anonymous":
        client.force_login(world.users[role])
    send = getattr(client, case.method)
    return send(case.url(world), case.data(world), REMOTE_ADDR="198.51.100.4")


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if content_type.startswith("image/"):
        return ""
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/csv"):
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(text)))
    return text


# The reveal page shows one value in full for a stated reason; the modules add theirs.
FULL_BY_DESIGN = {"residents:reveal"}
for _module in SUBJECT_MODULES:
    FULL_BY_DESIGN |= set(getattr(_module, "FULL_BY_DESIGN", ()))

CASES = [(name, role) for name in MATRIX for role in ROLES]
ADMIN_ROLES = [role for role in ROLES if role != "anonymous"]


def _entries_since(pk):
    return LogEntry.objects.filter(pk__gt=pk).order_by("pk")


# (URL name, the front-desk request's expected entries: (action, event or None) on the resident)
AUDITED_READS = {
    "residents:detail": (LogEntry.Action.ACCESS, "read"),
    "residents:list": (LogEntry.Action.ACCESS, "read"),
    "residents:slip_print": (LogEntry.Action.ACCESS, "read"),
    "residents:reveal": (LogEntry.Action.ACCESS, "reveal"),
    "residents:access_report": (LogEntry.Action.ACCESS, "read"),
    "residents:slip_scan": (LogEntry.Action.ACCESS, "read"),
}
for _module in SUBJECT_MODULES:
    for _name, _event in getattr(_module, "AUDITED_READS", {}).items():
        AUDITED_READS[_name] = (LogEntry.Action.ACCESS, _event)


def _family_tests(family: str) -> type:
    """The tests every family runs, each on the family's own URLs (see fixtures.py: the cases of
    a class share one world, built for its family)."""
    cases = [(name, role) for name, role in CASES if family_for(name) == family]
    reads = sorted(name for name in AUDITED_READS if family_for(name) == family)

    class FamilyTests:
        @pytest.mark.parametrize(("name", "role"), cases, ids=[f"{n}-{r}" for n, r in cases])
        def test_role_gets_the_expected_status_and_nothing_hidden(self, client, world, name, role):
            response = _request(client, world, name, role)
            expected = MATRIX[name].statuses[role]
            if expected == LOGIN:
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("login"))
                return
            assert response.status_code == expected
            if role in FULL_VIEW_ROLES or name in FULL_BY_DESIGN:
                return  # these pages show values in full on purpose, and are audited for it
            text = _text_of(response) + response.get("Content-Disposition", "")
            resident = world.resident
            assert resident.id_number not in text
            assert FULL_ID_PHONE not in text
            assert resident.hukou_location not in text
            for secret in world.extra.get("never_leak", []):
                assert secret not in text, secret
            if role not in {"front_desk", "other_staff_granted"} and name != "residents:grant_list":
                assert resident.name not in text

        if reads:  # not every family has pages that read a resident

            @pytest.mark.parametrize("name", reads)
            def test_each_resident_read_is_recorded_with_actor_and_address(
                self, client, world, name
            ):
                last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
                response = _request(client, world, name, "front_desk")
                assert response.status_code == 200
                action, event = AUDITED_READS[name]
                entries = [
                    entry for entry in _entries_since(last)
                    if entry.object_pk == str(world.resident.pk) and entry.action == action
                ]
                assert entries, f"{name} recorded no entry for the resident"
                assert entries[0].actor == world.users["front_desk"]
                assert entries[0].remote_addr == "198.51.100.4"
                assert entries[0].additional_data["event"] == event
                assert entries[0].additional_data["field_groups"]

    FamilyTests.family = family
    return FamilyTests


class TestCorePages(_family_tests("core")):
    """The pages outside the subjects; their world holds every subject's records."""

    @pytest.mark.parametrize("attempt", [1, 2])
    def test_no_case_sees_what_another_changed(self, world, settings, attempt):
        # Each run finds the world as built, then changes it: whichever runs second would see
        # a change that outlived its case, in the database, in memory or in the files.
        scan = Path(settings.MEDIA_ROOT, world.signed_slip.signed_document.storage_name)
        assert scan.read_bytes() == PNG_1X1
        assert Resident.objects.get(pk=world.resident.pk).name == world.resident.name
        assert world.users["front_desk"].username == "fd"
        assert not User.objects.filter(username="leak").exists()
        assert "leak" not in world.extra

        Resident.objects.filter(pk=world.resident.pk).update(name=f"改名{attempt}")
        User.objects.create(username="leak")
        world.resident.name = f"改名{attempt}"
        world.users["front_desk"].username = "leak"
        world.extra["leak"] = attempt
        scan.unlink()

    @pytest.mark.parametrize("role", ADMIN_ROLES)
    def test_admin_site_is_for_the_system_administrator_only(self, client, world, role):
        client.force_login(world.users[role])
        response = client.get(reverse("admin:auth_user_changelist"))
        if role == "sysadmin":
            assert response.status_code == 200
            assert world.resident.name not in response.content.decode()
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))

    def test_printing_a_slip_records_the_print_as_a_write_too(self, client, world):
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        _request(client, world, "residents:slip_print", "front_desk")
        created = [e for e in _entries_since(last) if e.action == LogEntry.Action.CREATE]
        assert [e.content_type.model for e in created] == ["slip"]
        assert created[0].actor == world.users["front_desk"]
        assert created[0].remote_addr == "198.51.100.4"

    @pytest.mark.parametrize(
        "name", ["residents:grant_approve", "residents:grant_reject", "residents:grant_revoke"]
    )
    def test_each_grant_decision_is_recorded_with_actor_and_address(self, client, world, name):
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = _request(client, world, name, "designated_manager")
        assert response.status_code == 302
        updates = [
            e for e in _entries_since(last)
            if e.action == LogEntry.Action.UPDATE and e.content_type.model == "accessgrant"
        ]
        assert len(updates) == 1
        assert updates[0].actor == world.users["designated_manager"]
        assert updates[0].remote_addr == "198.51.100.4"
        assert "status" in updates[0].changes

    @pytest.mark.parametrize("name", ["residents:detail", "residents:slip_print", "residents:edit"])
    def test_refused_requests_on_a_resident_are_recorded(self, client, world, name):
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = _request(client, world, name, "other_staff")
        assert response.status_code == 404
        denied = [
            e for e in _entries_since(last) if (e.additional_data or {}).get("event") == "denied"
        ]
        assert len(denied) == 1
        assert denied[0].object_pk == str(world.resident.pk)
        assert denied[0].actor == world.users["other_staff"]

    @pytest.mark.parametrize("role", ["front_desk", "manager", "other_staff_granted"])
    def test_the_resident_page_links_only_pages_the_user_may_open(self, client, world, role):
        client.force_login(world.users[role])
        page = client.get(reverse("residents:detail", args=[world.resident.pk])).content.decode()
        related = page.split('class="related"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'href="([^"]+)"', related)
        assert links
        for link in links:
            assert client.get(link).status_code == 200, link


class TestResidentSubjects(_family_tests("resident_subjects")):
    """Households, registers, tracking and activities."""


class TestCaseworkSubjects(_family_tests("casework_subjects")):
    """Change and query requests, affairs, complaints, the shared case pages, the calendar."""


class TestReporterSubjects(_family_tests("reporter_subjects")):
    """The reporter register, work groups, reports, their review and the emergency reports."""


class TestArchiveSubjects(_family_tests("archive_subjects")):
    """Personal archives, volumes, access applications and destruction."""
