"""Roles and password resets take effect only on a security administrator's approval (ACC-7)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from residents import roles
from residents.accounts import services
from residents.common.errors import ActionRefused
from residents.models import AccountChange, AccountChangeKind, AccountChangeStatus
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "admin": make_user(roles.SYSADMIN),
        "security": make_user(roles.SECURITY_ADMIN),
        "security2": make_user(roles.SECURITY_ADMIN),
        "clerk": make_user(None),
    }


def _ask(people, *, user=None, kind=AccountChangeKind.ADD_ROLE, role=roles.MANAGER):
    return services.account_change_request(
        requester=people["admin"], user=user or people["clerk"], kind=kind, role=role,
        reason="新入职，担任社区负责人",
    )


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached permissions


def test_a_requested_role_takes_effect_only_when_a_security_admin_approves(people):
    change = _ask(people)
    assert not _fresh(people["clerk"]).groups.filter(name=roles.MANAGER).exists()
    services.account_change_approve(change=change, approver=people["security"])
    assert _fresh(people["clerk"]).has_perm("residents.view_sensitive")
    change.refresh_from_db()
    assert change.status == AccountChangeStatus.APPROVED
    assert change.decided_by == people["security"]


def test_nobody_asks_for_a_change_of_their_own_account(people):
    with pytest.raises(ActionRefused):
        _ask(people, user=people["admin"])


def test_the_security_admin_cannot_decide_a_change_of_their_own_account(people):
    change = _ask(people, user=people["security"], role=roles.MANAGER)
    with pytest.raises(ActionRefused):
        services.account_change_approve(change=change, approver=people["security"])
    services.account_change_approve(change=change, approver=people["security2"])
    assert _fresh(people["security"]).groups.filter(name=roles.MANAGER).exists()


def test_only_a_security_admin_decides_and_an_administrator_only_asks(people, client):
    change = _ask(people)
    with pytest.raises(PermissionDenied):
        services.account_change_approve(change=change, approver=people["admin"])
    with pytest.raises(PermissionDenied):
        services.account_change_request(
            requester=people["security"], user=people["clerk"], kind=AccountChangeKind.ADD_ROLE,
            role=roles.MANAGER, reason="x",
        )
    client.force_login(people["admin"])
    response = client.post(reverse("accounts:change_approve", args=[change.pk]))
    assert response.status_code == 403


def test_a_decided_change_cannot_be_decided_again(people):
    change = _ask(people)
    services.account_change_reject(change=change, approver=people["security"], note="无依据")
    with pytest.raises(ActionRefused):
        services.account_change_approve(change=change, approver=people["security2"])
    assert not _fresh(people["clerk"]).groups.filter(name=roles.MANAGER).exists()


def test_the_same_change_cannot_be_asked_for_twice_while_open(people):
    _ask(people)
    with pytest.raises(ActionRefused):
        _ask(people)
    assert AccountChange.objects.count() == 1


def test_an_approved_password_reset_issues_a_temporary_password_once(people, client):
    manager = make_user(roles.MANAGER)
    change = _ask(people, user=manager, kind=AccountChangeKind.RESET_PASSWORD, role="")
    client.force_login(people["security"])
    response = client.post(reverse("accounts:change_approve", args=[change.pk]))
    assert response.status_code == 200
    temporary = response.context["password"]
    assert _fresh(manager).check_password(temporary)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_request_page_shows_a_refusal_next_to_the_field(people, client):
    client.force_login(people["admin"])
    response = client.post(
        reverse("accounts:change_request"),
        {"user": people["admin"].username, "kind": AccountChangeKind.ADD_ROLE,
         "role": roles.MANAGER, "reason": "自己申请"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert not AccountChange.objects.exists()


def test_the_list_offers_decisions_only_to_security_admins_not_involved(people, client):
    change = _ask(people)
    client.force_login(people["security"])
    page = client.get(reverse("accounts:change_list")).content.decode()
    assert reverse("accounts:change_approve", args=[change.pk]) in page
    client.force_login(people["admin"])
    page = client.get(reverse("accounts:change_list")).content.decode()
    assert reverse("accounts:change_approve", args=[change.pk]) not in page
