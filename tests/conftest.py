from __future__ import annotations

import pytest
from django.test.utils import override_settings

from residents import roles
from tests.factories import make_user

# The access matrix's class-scoped worlds (`family_world`, `world`), for every test directory.
pytest_plugins = ["tests.access_matrix.fixtures"]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`, with every test class kept on one worker as one unit, so that a
    class-scoped fixture (the access matrix's world) is built once.

    pytest-xdist marks a group by suffixing the node id, which pytest 9.2's structured node ids
    no longer carry (pytest-dev/pytest-xdist#1386), so the class in the node id is used instead.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ClassGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path, *names = nodeid.split("::")
            if len(names) > 1:  # path::Class::test
                return f"{path}::{names[0]}"
            return super()._split_scope(nodeid)

    return ClassGroupScheduling(config, log)


@pytest.fixture(autouse=True, scope="session")
def fast_test_settings():
    """Settings that only make tests faster; production keeps its own."""
    with override_settings(
        # Argon2 is slow on purpose, and tests hash many passwords.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Otherwise WhiteNoise scans every static file whenever a test client starts (tens of
        # milliseconds, per test); it then looks a file up only when asked for one.
        WHITENOISE_AUTOREFRESH=True,
    ):
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
