"""Access matrix cases of resident imports (DAT-1).

The front desk and managers import (everyone else 403); an import is its uploader's alone:
the front desk's import is 404 to the managers, who import too. Only managers edit the
column mappings of the sources.
"""

from __future__ import annotations

from django.urls import reverse

from residents.imports import services as imports
from residents.imports.demo import DEMO_COLUMNS
from residents.models import ImportSource
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, HIDDEN, OK, Case, World, _statuses
from tests.factories import registration_data
from tests.residents.imports.files import csv_file, police_row

IMPORTERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
MANAGERS = dict(manager=OK, designated_manager=OK)
UPLOADER_ONLY = _statuses(FORBIDDEN, front_desk=OK, manager=HIDDEN, designated_manager=HIDDEN)


def _batch_url(name: str):
    return lambda w: reverse(f"imports:{name}", args=[w.extra["import_batch"].pk])


CASES: dict[str, Case] = {
    "imports:list": Case("get", lambda w: reverse("imports:list"),
                         _statuses(FORBIDDEN, **IMPORTERS)),
    "imports:detail": Case("get", _batch_url("detail"), UPLOADER_ONLY),
    "imports:confirm": Case(
        "post", _batch_url("confirm"),
        _statuses(FORBIDDEN, front_desk=FOUND, manager=HIDDEN, designated_manager=HIDDEN),
    ),
    "imports:profiles": Case("get", lambda w: reverse("imports:profiles"),
                             _statuses(FORBIDDEN, **MANAGERS)),
    "imports:profile_edit": Case(
        "get", lambda w: reverse("imports:profile_edit", args=[ImportSource.POLICE]),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
}


def build(world: World) -> None:
    """The police mapping, and a file of one new person uploaded by the front desk."""
    profile = imports.import_profile_save(
        actor=world.users["manager"], source=ImportSource.POLICE,
        columns=DEMO_COLUMNS[ImportSource.POLICE],
    )
    world.extra["import_batch"] = imports.import_upload(
        actor=world.users["front_desk"], profile=profile,
        data=csv_file([police_row(registration_data())]),
    )
