"""Background tasks of resident imports (DAT-1, DAT-4): the dry run of a large file, the import."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.common.jobs import task
from residents.imports.services import import_check, import_run


@task(label=_("Dry run of a resident import"))
def check_import_file(batch_id: int) -> None:
    import_check(batch_id=batch_id)


@task(label=_("Resident import"))
def run_import(batch_id: int) -> None:
    import_run(batch_id=batch_id)
