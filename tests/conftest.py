from __future__ import annotations

import pytest
from django.test.utils import override_settings

from residents import roles
from tests.factories import make_user


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher():
    # Argon2 is slow on purpose and tests hash many passwords; production keeps argon2.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def front_desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def manager(db):
    return make_user(roles.MANAGER)


@pytest.fixture
def auditor(db):
    return make_user(roles.AUDITOR)


@pytest.fixture
def other_staff(db):
    return make_user(roles.OTHER_STAFF)


@pytest.fixture
def sysadmin(db):
    return make_user(roles.SYSADMIN)


@pytest.fixture
def front_desk_client(client, front_desk):
    client.force_login(front_desk)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
