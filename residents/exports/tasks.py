"""Background export of large lists (DAT-2): the argument is the export's id, never its data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.common.jobs import periodic, task
from residents.exports.services import export_build, export_files_prune


@task(label=_("Export a list"))
def build_export(export_id: int) -> None:
    export_build(export_id=export_id)


@periodic(cron="10 * * * *", label=_("Delete export files not downloaded in time"))
def prune_export_files(timestamp: int) -> None:
    export_files_prune()
