from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.database_roles import CREDENTIALS, signed_in_as
from residents import roles
from residents.accounts.second_factor import second_factor_required
from residents.audit.accounts import is_http_request
from tests.database_roles import acting_as_the_application
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


@pytest.fixture(scope="session")
def app_sign_in() -> dict:
    """The application's own credentials (DATABASE_URL), before the session signs in as the
    owner."""
    defaults = connections[DEFAULT_DB_ALIAS].settings_dict
    return {key: copy.deepcopy(defaults[key]) for key in CREDENTIALS}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(app_sign_in, django_db_modify_db_settings):
    """The owner role creates, migrates, flushes and drops the test databases
    (tests/database_roles.py)."""
    if settings.DATABASE_OWNER is None:
        yield
        return
    with signed_in_as(DEFAULT_DB_ALIAS, settings.DATABASE_OWNER):
        yield


def _uses_database(request) -> bool:
    return request.node.get_closest_marker("django_db") is not None or not {
        "db", "transactional_db", "live_server"
    }.isdisjoint(request.fixturenames)


@pytest.fixture(autouse=True)
def application_database_role(request):
    """Test bodies and the live server's requests act as the application's database role."""
    if not settings.DATABASE_APP_ROLE or not _uses_database(request):
        yield
        return
    # The test's own transaction first: SET ROLE inside it is undone with it.
    request.getfixturevalue("db")
    with acting_as_the_application():
        yield
def _force_login_passes_the_second_factor(sender, request, user, **kwargs):
    """`client.force_login(user)` stands for a whole sign-in, password and second factor alike:
    an account that needs a second factor gets an authenticator and the session counts as
    verified by it. A sign-in through the pages (an HTTP request) is left alone, so the tests of
    the sign-in itself see exactly what production does."""
    if is_http_request(request) or not second_factor_required(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        # Straight to a confirmed device: this runs on every force_login of the access matrix.
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


@pytest.fixture(autouse=True, scope="session")
def force_login_passes_the_second_factor():
    user_logged_in.connect(
        _force_login_passes_the_second_factor, dispatch_uid="tests.force_login_second_factor"
    )
    yield
    user_logged_in.disconnect(dispatch_uid="tests.force_login_second_factor")


@pytest.fixture
def front_desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def front_desk2(db):
    """A second clerk: four eyes (ACC-8) keep anyone from reviewing their own work."""
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def manager(db):
    return make_user(roles.MANAGER)


@pytest.fixture
def manager2(db):
    """A second manager, for the review step after another manager's (ACC-8)."""
    return make_user(roles.MANAGER)


@pytest.fixture
def manager3(db):
    """A third manager: initial review, second review and approval are each a different
    person (AFF-3)."""
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
