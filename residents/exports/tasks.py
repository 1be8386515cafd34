"""Background export of large lists (DAT-2): the argument is the export's id, never its data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from residents.common.jobs import task
from residents.exports.services import export_build


@task(label=_("Export a list"))
def build_export(export_id: int) -> None:
    export_build(export_id=export_id)
