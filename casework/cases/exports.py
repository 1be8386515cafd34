"""The case list as an export (DAT-2), with the list page's search and filters (kind, status,
due). A row shows what the list shows its user: the subject of a restricted affair the user
does not handle is the neutral label (casework/cases/sensitivity.py), and the resident's name
and ID number follow the field policy (masked for whoever does not see them in full).
Registered with the exports from CaseworkConfig.ready()."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.cases.filters import FILTER_NAMES, cases_matching
from casework.cases.purposes import CasePurpose
from casework.cases.sensitivity import case_group, details_visible, shown_subject
from casework.engine.workflows import status_label
from casework.models import Case
from residents.access.policy import policies_for, policy_for
from residents.exports.lists import (
    ExportTable,
    ListDefinition,
    resident_header,
    resident_value,
    shown_resident_fields,
)

RESIDENT_COLUMNS = ("name", "id_number")
CHUNK_SIZE = 500


def may_export_cases(user) -> bool:
    return user.is_authenticated and user.has_perm("casework.view_case")


def count_cases(user, filters: dict[str, str]) -> int:
    return cases_matching(user, filters)[1].count()


def case_table(user, filters: dict[str, str]) -> ExportTable:
    role = policy_for(user)
    columns = shown_resident_fields(role, RESIDENT_COLUMNS)
    cases = list(cases_matching(user, filters)[1])
    rows: list[list[str]] = []
    groups = set(role.groups_shown_in_full(columns))
    for start in range(0, len(cases), CHUNK_SIZE):
        chunk = cases[start:start + CHUNK_SIZE]
        policies = policies_for(user, [case.resident for case in chunk if case.resident_id])
        visible = details_visible(user, chunk, policies)
        for case in chunk:
            if visible[case.pk]:
                groups.add(case_group(case).value)
            if case.resident_id:
                policy = policies[case.resident_id]
                person = [resident_value(case.resident, policy, name) for name in columns]
            else:
                # A complainant who is no resident: their name as typed, no ID number.
                person = [case.applicant_name if name == "name" else "" for name in columns]
            opened = timezone.localtime(case.opened_at).date().isoformat()
            rows.append([
                case.number, case.get_kind_display(), shown_subject(case, visible[case.pk]),
                *person, str(status_label(case.status)), opened, case.due_on.isoformat(),
            ])
    headers = [
        _("Case number"), _("Kind"), _("Subject"),
        *[_("Resident or applicant") if name == "name" else resident_header(name)
          for name in columns],
        _("Status"), _("Opened on"), _("Due on"),
    ]
    return ExportTable(headers=headers, rows=rows, field_groups=sorted(groups))


def _back(filters: dict[str, str]) -> str:
    return reverse("casework:case_list") + (f"?{urlencode(filters)}" if filters else "")


DEFINITION = ListDefinition(
    name="cases",
    title=gettext_lazy("the case list"),
    file_stem="cases",
    filter_names=FILTER_NAMES,
    may_export=may_export_cases,
    count=count_cases,
    table=case_table,
    back_url=_back,
    model=Case,
    description="Case list export",
    purpose=CasePurpose.CASE_LIST_EXPORT,
)
