"""Each role lands on its own home: the front desk on its work, most urgent first;
a manager on what waits for them (待我处理) and the dashboard; the auditor, administrators and
other staff on their own pages, never on a "no access" note."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.engine import services as cases
from casework.models import Case, CaseKind
from residents import roles
from residents.models import AccessGrant, GrantScope, Resident, Slip
from residents.worklists.homes import home_for, role_home
from tests.class_scope import rolled_back_after_the_class
from tests.factories import colleague_of, make_resident, make_user

HOME = reverse("home")
NO_ACCESS = "Your role has no access to resident information"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def groups_of(response, key: str) -> dict[str, dict]:
    return {str(group["title"]): group for group in response.context[key]}


@pytest.fixture(scope="class")
def office(django_db_setup, django_db_blocker):
    with rolled_back_after_the_class(django_db_blocker), django_db_blocker.unblock():
        desk = make_user(roles.FRONT_DESK)
        other_desk = colleague_of(desk)
        boss = make_user(roles.MANAGER)
        boss.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
        today = timezone.localdate()
        # Registrations: two by a colleague waiting for this clerk, one of the clerk's own
        # (not theirs to verify), one returned to the clerk.
        first = make_resident(actor=other_desk, status="submitted", name="慕容待审")
        second = make_resident(actor=other_desk, status="submitted")
        own = make_resident(actor=desk, status="submitted")
        Resident.objects.filter(pk=first.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=3)
        )
        returned = make_resident(actor=desk, status="returned")
        verified = make_resident(actor=desk)
        slip = Slip.objects.create(
            kind="registration", resident=verified, printed_by=desk, content_hash="0" * 64,
            verification_code="HOME0001", field_groups=["basic"],
        )
        # Cases: one of the clerk's overdue, one due today, a colleague's overdue.
        late = cases.case_open(kind=CaseKind.CHANGE, subject="变更地址", actor=desk,
                               resident=verified, time_limit_days=5)
        Case.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=2))
        soon = cases.case_open(kind=CaseKind.QUERY, subject="查询", actor=desk,
                               resident=verified, time_limit_days=5)
        Case.objects.filter(pk=soon.pk).update(due_on=today)
        theirs = cases.case_open(kind=CaseKind.CHANGE, subject="变更电话", actor=other_desk,
                                 resident=verified, time_limit_days=5)
        Case.objects.filter(pk=theirs.pk).update(due_on=today - datetime.timedelta(days=9))
        # For the manager: a verified change, two affairs at review steps (the older first), a
        # closed complaint not published, an access request.
        change = cases.case_open(kind=CaseKind.CHANGE, subject="变更婚姻状况", actor=desk,
                                 resident=verified, time_limit_days=5)
        Case.objects.filter(pk=change.pk).update(status="verified")
        newer = cases.case_open(kind=CaseKind.AFFAIR, subject="老年证", actor=desk,
                                resident=verified, time_limit_days=10)
        older = cases.case_open(kind=CaseKind.AFFAIR, subject="居住证明", actor=desk,
                                resident=verified, time_limit_days=10)
        Case.objects.filter(pk=older.pk).update(
            status="initial_reviewed", opened_at=timezone.now() - datetime.timedelta(days=6)
        )
        complaint = cases.case_open(kind=CaseKind.COMPLAINT, subject="【投诉】噪音", actor=desk,
                                    applicant_name="东方投诉人", time_limit_days=15)
        Case.objects.filter(pk=complaint.pk).update(status="closed", closed_at=timezone.now())
        staff = make_user(roles.OTHER_STAFF)
        AccessGrant.objects.create(
            resident=verified, requester=staff, purpose="核实材料", scope=GrantScope.SERVICE,
            status="requested",
        )
        yield {
            "desk": desk, "boss": boss, "staff": staff, "first": first, "second": second,
            "own": own, "returned": returned, "slip": slip, "late": late, "soon": soon,
            "theirs": theirs, "change": change, "older": older, "newer": newer,
            "complaint": complaint, "verified": verified,
        }


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
class TestRoleHomes:
    def test_front_desk_sees_its_own_work_oldest_and_most_urgent_first(self, office):
        response = client_for(office["desk"]).get(HOME, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        groups = groups_of(response, "groups")
        waiting = groups["Registrations waiting for verification"]
        assert waiting["count"] == 2
        assert [item["url"] for item in waiting["items"]] == [
            reverse("residents:detail", args=[office["first"].pk]),
            reverse("residents:detail", args=[office["second"].pk]),
        ]
        returned = groups["Returned registrations to correct"]
        assert [i["url"] for i in returned["items"]] == [
            reverse("residents:detail", args=[office["returned"].pk])
        ]
        assert [i["url"] for i in groups["My cases overdue"]["items"]] == [
            reverse("casework:case_detail", args=[office["late"].pk])
        ]
        assert [i["url"] for i in groups["My cases due soon"]["items"]] == [
            reverse("casework:case_detail", args=[office["soon"].pk])
        ]
        slips = groups["Slips printed, not yet signed"]
        assert slips["count"] == 1 and "HOME0001" in slips["items"][0]["label"]

    def test_the_front_desk_home_names_no_person(self, office):
        page = client_for(office["desk"]).get(HOME).content.decode()
        assert office["first"].name not in page
        assert office["first"].id_number not in page
        assert "东方投诉人" not in page
        assert reverse("residents:detail", args=[office["first"].pk]) in page

    def test_manager_home_starts_with_what_waits_for_them_then_the_dashboard(self, office):
        response = client_for(office["boss"]).get(HOME, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        todo = groups_of(response, "todo")
        assert [str(title) for title in todo] == [
            "Changes verified, waiting for approval", "Affairs waiting for a review step",
            "Handled complaints waiting for publication", "Access requests",
        ]
        assert todo["Changes verified, waiting for approval"]["count"] == 1
        affairs = todo["Affairs waiting for a review step"]
        assert [i["url"] for i in affairs["items"]] == [
            reverse("casework:case_detail", args=[office["older"].pk]),
            reverse("casework:case_detail", args=[office["newer"].pk]),
        ]
        assert todo["Handled complaints waiting for publication"]["count"] == 1
        assert todo["Access requests"]["count"] == 1
        page = response.content.decode()
        assert page.index("Waiting for me") < page.index('id="panel-residents"')
        assert "东方投诉人" not in page and office["verified"].name not in page

    @pytest.mark.parametrize("role, own_page", [
        (roles.AUDITOR, "audit:trail"),
        (roles.SYSADMIN, "accounts:change_list"),
        (roles.OTHER_STAFF, "residents:grant_list"),
        (roles.SUPERVISOR, "residents:dashboard"),
    ])
    def test_other_roles_land_on_their_own_page(self, office, role, own_page):
        response = client_for(make_user(role)).get(HOME, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        own = client_for(make_user(role)).get(reverse(own_page), HTTP_ACCEPT_LANGUAGE="en")
        assert response.templates[0].name == own.templates[0].name
        assert NO_ACCESS not in response.content.decode()


@pytest.mark.django_db
def test_an_app_registers_the_home_of_its_role():
    from residents.worklists import homes

    saved = dict(homes._role_homes)
    try:
        role_home(roles.REPORTER, "residents:grant_list", order=35)
        assert home_for(make_user(roles.REPORTER)) == "residents:grant_list"
    finally:
        homes._role_homes.clear()
        homes._role_homes.update(saved)
    # The reporters app's own registration is back.
    assert home_for(make_user(roles.REPORTER)) == saved[roles.REPORTER][1]
