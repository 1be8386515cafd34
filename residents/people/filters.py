"""Filters of the resident list (issue: classification) with the count behind each choice.

A register filter is offered only to users who may see that register: the hardship register
is comprehensive information, the key-person register needs the key-person group.
"""

from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.access.fields import FieldGroup
from residents.access.policy import FieldPolicy, policy_for
from residents.common.forms import ProjectForm
from residents.common.validation import without_invisible
from residents.models import (
    HardshipEntry,
    HardshipKind,
    HukouType,
    KeyPersonEntry,
    RegistrationStatus,
    Resident,
)
from residents.people import counts as count_table
from residents.people.classification import AGE_GROUP_LABELS, AgeGroup, age_group_filter
from residents.people.selectors import residents_search

KEY_PERSON = "key_person"
AREA_CHOICES_SHOWN = count_table.AREA_CHOICES_SHOWN
# The filters whose counts the counts table holds, each over every resident of a status.
COUNTED_FILTERS = ("age_group", "hukou_type", "floating", "area")


def _current(model, today):
    return model.objects.current(today).filter(resident=OuterRef("pk"))


def register_choices(policy: FieldPolicy) -> list[tuple[str, str]]:
    choices = []
    if policy.can_see_group(FieldGroup.SENSITIVE):
        choices += [(kind.value, kind.label) for kind in HardshipKind]
    if policy.can_see_group(FieldGroup.KEY_PERSON):
        choices.append((KEY_PERSON, _("Key person")))
    return choices


def register_condition(value: str, today) -> Q:
    if value == KEY_PERSON:
        return Q(Exists(_current(KeyPersonEntry, today)))
    return Q(Exists(_current(HardshipEntry, today).filter(kind=value)))


class ResidentFilterForm(ProjectForm):
    age_group = forms.ChoiceField(label=_("Age group"), required=False)
    hukou_type = forms.ChoiceField(label=_("Household registration type"), required=False)
    floating = forms.ChoiceField(label=_("Floating population"), required=False)
    register = forms.ChoiceField(label=_("Special register"), required=False)
    area = forms.CharField(label=_("Residence area"), required=False, max_length=50)

    def __init__(self, *args, policy: FieldPolicy, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_only = policy.birth_year_only
        everyone = [("", _("All"))]
        self.fields["age_group"].choices = everyone + [
            (group.value, label) for group, label in AGE_GROUP_LABELS.items()
        ]
        self.fields["hukou_type"].choices = everyone + list(HukouType.choices)
        self.fields["floating"].choices = everyone + [("yes", _("Yes")), ("no", _("No"))]
        self.fields["register"].choices = everyone + register_choices(policy)

    def active(self) -> dict[str, str]:
        """The filters `apply` applies: the valid form's non-empty ones, the area stripped."""
        data = self.cleaned_data if self.is_valid() else {}
        active = {name: data[name] for name in self.fields if data.get(name)}
        if "area" in active:
            active["area"] = active["area"].strip()
            if not active["area"]:
                del active["area"]
        return active

    def apply(self, residents: QuerySet) -> QuerySet:
        """The residents matching every valid filter; an invalid one is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        if data.get("age_group"):
            residents = residents.filter(
                age_group_filter(AgeGroup(data["age_group"]), today, year_only=self.year_only)
            )
        if data.get("hukou_type"):
            residents = residents.filter(hukou_type=data["hukou_type"])
        if data.get("floating"):
            residents = residents.filter(is_floating=data["floating"] == "yes")
        if data.get("register"):
            residents = residents.filter(register_condition(data["register"], today))
        if data.get("area"):
            residents = residents.filter(area=data["area"].strip())
        return residents


@functools.lru_cache(maxsize=16)
def _facet_select(
    using: str, today, year_only: bool, registers: tuple[str, ...], age_bounds: tuple
) -> tuple[str, tuple, tuple[str, ...]]:
    """The SELECT list counting each filter choice, its parameters and its keys ("facet:value"),
    compiled once a day per database and policy kind (and age bounds, which
    `age_group_filter` reads from the settings): compiling fifteen filtered counts costs a
    search more than running them."""
    conditions = {
        f"age_group:{group.value}": age_group_filter(group, today, year_only=year_only)
        for group in AgeGroup
    }
    conditions.update({f"hukou_type:{value}": Q(hukou_type=value) for value in HukouType})
    conditions["floating:yes"] = Q(is_floating=True)
    conditions["floating:no"] = Q(is_floating=False)
    for value in registers:
        conditions[f"register:{value}"] = register_condition(value, today)
    parts: list[str] = []
    params: list = []
    for condition in conditions.values():
        query = Resident.objects.filter(condition).query
        sql, condition_params = query.get_compiler(using).compile(query.where)
        parts.append(f"count(*) FILTER (WHERE {sql})")
        params.extend(condition_params)
    return ", ".join(parts), tuple(params), tuple(conditions)


def facet_counts(residents: QuerySet, policy: FieldPolicy) -> dict[str, dict[str, int]]:
    """How many of `residents` fall under each filter choice, areas included: one query."""
    return facet_counts_and_first_page(residents, policy, page_size=0)[0]


def facet_counts_and_first_page(
    residents: QuerySet, policy: FieldPolicy, *, page_size: int
) -> tuple[dict[str, dict[str, int]], list[int]]:
    """The filter counts of `residents` and the keys of their first `page_size` residents in
    list order (`Resident.Meta.ordering`), from one pass over their rows.

    A search reads its hits' rows for the counts; its first page, the page most asked for,
    comes from the same rows (a subquery over the materialised hits) instead of reading them
    all again to sort them.
    """
    select, select_params, keys = _facet_select(
        residents.db,
        timezone.localdate(),
        policy.birth_year_only,
        tuple(value for value, _label in register_choices(policy)),
        tuple(settings.AGE_GROUP_BOUNDS),
    )
    totals = [0] * len(keys)
    areas: dict[str, int] = {}
    first_page: list[int] = []
    try:
        hits, hits_params = residents.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        hits = None
    if hits is not None:
        table = Resident._meta.db_table
        # The hits are read once into `hits`, which the outer query names like the table, so
        # that the compiled filter conditions (`"residents_resident"."birth_date"` …) apply to
        # it. Counted per area in one pass; the choices' totals are the sums.
        with connections[residents.db].cursor() as cursor:
            cursor.execute(
                f"WITH hits AS MATERIALIZED (SELECT {', '.join(_HIT_COLUMNS)} "
                f'FROM "{table}" WHERE "{table}"."id" IN ({hits})) '
                f"SELECT (SELECT array_agg(id) FROM (SELECT id FROM hits "
                f"ORDER BY {_LIST_ORDER} LIMIT %s) AS page), "
                f'area, count(*), {select} FROM hits AS "{table}" GROUP BY area',
                (*hits_params, page_size, *select_params),
            )
            for page, area, number, *per_choice in cursor:
                first_page = page or []
                if area:
                    areas[area] = number
                totals = [total + n for total, n in zip(totals, per_choice, strict=True)]
    counts: dict[str, dict[str, int]] = {}
    for key, number in zip(keys, totals, strict=True):
        facet, _sep, value = key.partition(":")
        counts.setdefault(facet, {})[value] = number
    # Most frequent first, then by name in code-point order (as the counts table's areas).
    counts["area"] = dict(sorted(areas.items(), key=lambda item: (-item[1], item[0]))[
        :AREA_CHOICES_SHOWN
    ])
    return counts, first_page


# What the hits keep of each resident: the columns the filter conditions of `_facet_select`
# read (registers by `id`), the area and the list order's. Narrow rows: copying whole rows
# into the materialised hits cost more than reading them twice.
_HIT_COLUMNS = ("id", "name_sort_key", "area", "birth_date", "hukou_type", "is_floating")
# The list's order (Resident.Meta.ordering: name_sort_key, pk) over the hits.
_LIST_ORDER = "name_sort_key, id"


def register_counts(status: str, policy: FieldPolicy, today) -> dict[str, int]:
    """Residents (of `status`) with a current entry of each register the user may filter by,
    counted from the registers' own (small) tables: the same residents as
    `register_condition`, without a pass over every resident."""
    choices = [value for value, _label in register_choices(policy)]
    counts = dict.fromkeys(choices, 0)
    of_status = {"resident__status": status} if status else {}
    if any(value != KEY_PERSON for value in choices):
        rows = (
            HardshipEntry.objects.current(today)
            .filter(**of_status)
            .values("kind")
            .annotate(n=Count("resident", distinct=True))
            .order_by()
        )
        counts.update({row["kind"]: row["n"] for row in rows if row["kind"] in counts})
    if KEY_PERSON in counts:
        counts[KEY_PERSON] = (
            KeyPersonEntry.objects.current(today)
            .filter(**of_status)
            .aggregate(n=Count("resident", distinct=True))["n"]
        )
    return counts


def list_counts(
    user, *, query: str, status: str, searched: QuerySet, policy: FieldPolicy,
    first_page: int = 0,
) -> tuple[dict[str, dict[str, int]], list[int] | None]:
    """The filter bar's counts for the list of `searched` (the list before its filters), and
    for a search the keys of its first `first_page` residents in list order (None: not read).

    A list of every resident the user may see (no search term, a role that sees all
    residents) is counted from the counts table; a search or a list of granted residents
    is small enough to count directly. Both give the same, exact numbers.
    """
    if query or not policy_for(user).may_see_residents:
        counts, keys = facet_counts_and_first_page(searched, policy, page_size=first_page)
        return counts, (keys if first_page else None)
    today = timezone.localdate()
    counts = count_table.table_counts(
        status=status, day=today, year_only=policy.birth_year_only
    )
    counts["register"] = register_counts(status, policy, today)
    return counts, None


def list_total(
    user, *, query: str, status: str, filters: ResidentFilterForm, counts: dict
) -> int | None:
    """How many residents the list shows, when `counts` already says (at most one filter,
    counted among the filter bar's choices); None: count them.

    `counts` are exact over the list before its filters, from the counts table or from the
    hits of a search alike, and every resident has exactly one registration type: without a
    filter the total is their sum, with one it is that choice's count."""
    active = filters.active()
    if not active:
        return count_table.total(counts)
    if len(active) > 1:
        return None
    (name, value), = active.items()
    if name not in (*COUNTED_FILTERS, "register"):
        return None
    return counts.get(name, {}).get(str(value))


def list_seek(user, *, query: str, status: str, filters: ResidentFilterForm):
    """For the list of every resident (of `status`) a user who sees all residents pages
    through: where a page starts, from the counts table (`counts.page_start`); None for a
    search, a filtered list or a list of granted residents, which page by OFFSET."""
    if query or filters.active() or not policy_for(user).may_see_residents:
        return None

    def seek(offset: int):
        return count_table.page_start(status=status, offset=offset)

    return seek


def facet_options(form: ResidentFilterForm, counts: dict[str, dict[str, int]]) -> list[dict]:
    """Each select of the filter bar with its choices labelled by their counts."""
    selected = form.data
    facets = []
    for name in ("age_group", "hukou_type", "floating", "register"):
        field = form.fields[name]
        options = []
        for value, label in field.choices:
            number = counts.get(name, {}).get(value) if value else None
            options.append(
                {
                    "value": value,
                    "label": f"{label}（{number}）" if number is not None else str(label),
                    "selected": selected.get(name, "") == value,
                }
            )
        if len(options) > 1:
            facets.append({"name": name, "label": field.label, "options": options})
    return facets


def list_parameters(user, params) -> tuple[str, str, ResidentFilterForm]:
    """The list's search term, status and filter bar from query parameters, cleaned the one way
    the list, its exports and its batch actions share."""
    query = without_invisible(params.get("q", "")).strip()[:50]
    status = params.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    return query, status, ResidentFilterForm(params, policy=policy_for(user))


def residents_matching(user, params) -> QuerySet:
    """The residents the list shows for these query parameters (search, status, filters), in
    the list's order: what an export or "all matching the filter" covers."""
    query, status, filters = list_parameters(user, params)
    return filters.apply(residents_search(user, query=query, status=status))
