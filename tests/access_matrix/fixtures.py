"""One world per family of cases, each case still seeing it exactly as freshly built.

A plugin of tests/conftest.py, so that other tests that need the whole world (the form fuzz
test in tests/security) build it the same way: a test class names its `family`.

Building a world through the real services costs far more than one request, so each family's
test class builds its world once, in a transaction that is rolled back when the class is done.
Every case runs inside pytest-django's `db` transaction, which nests as a savepoint and is rolled
back after the case, and gets its own copy of the objects as built and its own copy of the
uploaded files: no case sees what another changed, in the database, in memory or on disk.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test.utils import override_settings

from tests.access_matrix.cases.common import World
from tests.access_matrix.world import build_world
from tests.class_scope import rolled_back_after_the_class


@dataclass(frozen=True)
class BuiltWorld:
    pickled: bytes  # the objects as built; unpickling is a deep copy ten times faster
    media: Path


@pytest.fixture(scope="class")
def family_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    family = request.cls.family
    media = tmp_path_factory.mktemp(f"matrix-{family}")
    with rolled_back_after_the_class(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            built = BuiltWorld(pickle.dumps(build_world(family)), media)
        yield built


@pytest.fixture
def world(family_world, db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    shutil.copytree(family_world.media, tmp_path, dirs_exist_ok=True)
    # Cases may change the objects they are given (force_login sets last_login): a copy each.
    return pickle.loads(family_world.pickled)
