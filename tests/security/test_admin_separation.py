"""Administrators cannot give themselves power (ACC-7): each attack that once worked, replayed."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from residents import roles
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = make_user(roles.SYSADMIN)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    client.admin = admin
    return client


def _change_form_data(user: User, **extra) -> dict:
    data = {
        "username": user.username, "last_name": user.last_name, "first_name": user.first_name,
        "email": user.email, "is_active": "on",
    }
    data.update(extra)
    return data


def test_the_administrator_cannot_make_itself_a_superuser_in_the_admin(admin_client):
    admin = admin_client.admin
    url = reverse("admin:auth_user_change", args=[admin.pk])
    assert "is_superuser" not in admin_client.get(url).content.decode()
    admin_client.post(url, _change_form_data(admin, is_superuser="on", is_staff="on"))
    admin.refresh_from_db()
    assert not admin.is_superuser


def test_a_crafted_admin_post_cannot_add_a_role_or_a_permission(admin_client):
    admin = admin_client.admin
    manager = Group.objects.get(name=roles.MANAGER)
    permission = Permission.objects.get(codename="view_sensitive")
    admin_client.post(
        reverse("admin:auth_user_change", args=[admin.pk]),
        _change_form_data(admin, groups=[manager.pk], user_permissions=[permission.pk]),
    )
    assert not admin.groups.filter(name=roles.MANAGER).exists()
    assert not User.objects.get(pk=admin.pk).has_perm("residents.view_sensitive")


def test_the_administrator_cannot_reset_the_password_of_someone_holding_a_role(admin_client):
    manager = make_user(roles.MANAGER)
    url = reverse("admin:auth_user_password_change", args=[manager.pk])
    assert admin_client.get(url).status_code == 403
    new = "Taken-Over-2026!"
    response = admin_client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 403
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_roles_cannot_be_edited_or_created_in_the_admin(admin_client):
    manager = Group.objects.get(name=roles.MANAGER)
    assert admin_client.get(reverse("admin:auth_group_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:auth_group_change", args=[manager.pk]),
        {"name": roles.MANAGER, "permissions": []},
    )
    assert response.status_code == 403
    assert manager.permissions.exists()


def test_accounts_are_deactivated_never_deleted(admin_client):
    target = make_user(None)
    response = admin_client.post(
        reverse("admin:auth_user_delete", args=[target.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=target.pk).exists()


def test_every_change_to_an_account_and_its_roles_is_in_the_audit_trail(admin_client):
    target = make_user(None)
    admin_client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        _change_form_data(target, last_name="张"),
    )
    user_type = ContentType.objects.get_for_model(User)
    entry = LogEntry.objects.filter(content_type=user_type, object_pk=str(target.pk)).latest("pk")
    assert entry.actor == admin_client.admin
    assert "last_name" in entry.changes
    # Group membership (m2m) is logged too, whoever makes it.
    target.groups.add(Group.objects.get(name=roles.FRONT_DESK))
    membership = LogEntry.objects.filter(
        content_type=user_type, object_pk=str(target.pk)
    ).latest("pk")
    assert "groups" in membership.changes
    # Password hashes never reach the log.
    target.set_password("Another-Secret-2026")
    target.save()
    last = LogEntry.objects.filter(content_type=user_type, object_pk=str(target.pk)).latest("pk")
    assert "pbkdf2" not in str(last.changes) and "md5" not in str(last.changes)
    assert target.password not in str(last.changes)
