"""The resident list as an export (DAT-2): the columns of the field groups the user sees (ID
number and phone masked, the birth date as its year only, for those without the full ID
number), for the list page's search and filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from residents.access.fields import DETAIL_FIELDS
from residents.access.policy import policies_for, policy_for
from residents.audit.purposes import ReadPurpose
from residents.exports.lists import (
    ExportTable,
    ListDefinition,
    resident_header,
    resident_value,
    shown_resident_fields,
)
from residents.models import Resident
from residents.people import selectors
from residents.people.filters import residents_matching

RESIDENT_LIST = "residents"
# The list's own parameters (the search box, the status and the filter bar).
FILTER_NAMES = ("q", "status", "age_group", "hukou_type", "floating", "register", "area")
CHUNK_SIZE = 1000
COLUMNS = ("archive_number", *DETAIL_FIELDS, "status")


def may_export_residents(user) -> bool:
    """Users whose role sees residents; staff who see only granted residents export nothing."""
    return policy_for(user).may_see_residents


def count_residents(user, filters: dict[str, str]) -> int:
    return residents_matching(user, filters).count()


def resident_table(user, filters: dict[str, str]) -> ExportTable:
    """The residents of the list page for these filters, in the list's order."""
    policy = policy_for(user)
    columns = shown_resident_fields(policy, COLUMNS)
    rows = []
    pks = list(residents_matching(user, filters).values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK_SIZE):
        chunk = selectors.residents_in_order(user, pks[start:start + CHUNK_SIZE])
        policies = policies_for(user, chunk)
        for resident in chunk:
            own = policies[resident.pk]
            rows.append([resident_value(resident, own, name) for name in columns])
    return ExportTable(
        headers=[resident_header(name) for name in columns],
        rows=rows,
        # A mask carries nothing of its group.
        field_groups=policy.groups_shown_in_full(columns),
    )


def _back(filters: dict[str, str]) -> str:
    return reverse("residents:list") + (f"?{urlencode(filters)}" if filters else "")


DEFINITION = ListDefinition(
    name=RESIDENT_LIST,
    title=_("the resident list"),
    file_stem="residents",
    filter_names=FILTER_NAMES,
    may_export=may_export_residents,
    count=count_residents,
    table=resident_table,
    back_url=_back,
    model=Resident,
    description="Resident list export",
    purpose=ReadPurpose.RESIDENT_LIST_EXPORT,
)
