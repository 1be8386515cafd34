"""The residents app's own dashboard panels: residents, special registers, re-checks and
tracking (SUP-4). Each `count` is one aggregate query over the whole community; nothing
about a person leaves it. Casework adds its panels from its own AppConfig.ready().
"""

from __future__ import annotations

import datetime
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.db.models import Count, Q, Value
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.database_replica import read_alias
from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.dashboards.periods import Period, month_label
from residents.dashboards.registry import (
    RESIDENTS,
    TRACKING,
    Panel,
    Row,
    dashboard_panel,
)
from residents.models import Emergency as EmergencyModel
from residents.models import (
    EmergencyKind,
    HardshipEntry,
    HardshipKind,
    HukouType,
    KeyPersonCategory,
    KeyPersonEntry,
    KeyPersonVisit,
    RegistrationStatus,
    Resident,
)
from residents.people.classification import AGE_GROUP_LABELS, AgeGroup, age_group_filter
from residents.people.filters import KEY_PERSON
from residents.tracking.selectors import recheck_schedule

VERIFIED = RegistrationStatus.VERIFIED


@cache
def _path(name: str) -> str:
    # A dashboard links some seventy rows: each list's path is looked up once per process.
    return reverse(name)


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v != ""})
    return _path(name) + (f"?{query}" if query else "")


def _resident_list(user, **params) -> str | None:
    if not policy_for(user).may_see_residents:
        return None
    return _url("residents:list", status=VERIFIED, **params)


def _verified_by_end(period: Period) -> Q:
    """Residents verified before the period ended (today's figure while it runs)."""
    return Q(status=VERIFIED, verified_at__lt=period.bounds()[1])


def _from(period: Period):
    return Resident.objects.order_by().filter(_verified_by_end(period))


# Residents ----------------------------------------------------------------------------------


def _count_residents(period: Period) -> dict:
    start, end = period.bounds()
    return _from(period).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(verified_at__gte=start)),
        floating=Count("pk", filter=Q(is_floating=True)),
    )


def _count_registrations(period: Period) -> dict:
    start, end = period.bounds()
    rows = (
        Resident.objects.order_by()
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    by_month = {month.date() if isinstance(month, datetime.datetime) else month: n
                for month, n in rows}
    return {str(i): by_month.get(m, 0) for i, m in enumerate(period.month_starts(), 1)}


def _registration_rows(period: Period) -> list[Row]:
    return [Row(str(i), month_label(m)) for i, m in enumerate(period.month_starts(), 1)]


def _count_age_groups(period: Period) -> dict:
    day = period.as_of()
    return _from(period).aggregate(
        **{group.value: Count("pk", filter=age_group_filter(group, day)) for group in AgeGroup}
    )


def _count_hukou(period: Period) -> dict:
    counts = _from(period).aggregate(
        **{value: Count("pk", filter=Q(hukou_type=value)) for value in HukouType.values},
        floating=Count("pk", filter=Q(is_floating=True)),
    )
    return counts


def _count_registers(period: Period) -> dict:
    """Residents on each special register on the period's last day (today while it runs)."""
    day = period.as_of()
    hardship = (
        HardshipEntry.objects.order_by().current(day).values_list("kind")
        .annotate(n=Count("resident", distinct=True))
    )
    key_persons = (
        KeyPersonEntry.objects.order_by().current(day)
        .annotate(kind=Value(KEY_PERSON)).values_list("kind")
        .annotate(n=Count("resident", distinct=True))
    )
    counts = {kind.value: 0 for kind in HardshipKind}
    counts[KEY_PERSON] = 0
    for kind, n in hardship.union(key_persons, all=True):
        counts[kind] = n
    return counts


def _count_rechecks(period: Period) -> dict:
    counts = recheck_schedule(Resident.objects.order_by()).aggregate(
        due=Count("pk", filter=Q(recheck_due=True, recheck_overdue=False)),
        overdue=Count("pk", filter=Q(recheck_overdue=True)),
    )
    return counts


def _register_link(user, key: str) -> str | None:
    policy = policy_for(user)
    group = FieldGroup.KEY_PERSON if key == KEY_PERSON else FieldGroup.SENSITIVE
    if not policy.may_see_residents or not policy.can_see_group(group):
        return None
    return _url("residents:list", register=key)


def _recheck_link(user, key: str) -> str | None:
    if not user.has_perm("residents.view_recheck"):
        return None
    return _url("residents:worklist_rechecks", status=key)


# Tracking -----------------------------------------------------------------------------------

# Visits done in the period, and visits the schedule asked for: each entry in force during
# the period owes one visit per interval of its category over the days it was in force.
_KEY_PERSON_VISITS_SQL = """
WITH intervals(category, days) AS (SELECT * FROM unnest(%(categories)s::text[], %(days)s::int[])),
scheduled AS (
    SELECT e.category,
           SUM(CEIL((LEAST(COALESCE(e.end_date, %(last)s), %(last)s)
                     - GREATEST(e.start_date, %(first)s) + 1)::numeric / i.days))::int AS n
    FROM {entries} e JOIN intervals i ON i.category = e.category
    WHERE e.start_date <= %(last)s AND (e.end_date IS NULL OR e.end_date >= %(first)s)
    GROUP BY e.category
),
done AS (
    SELECT e.category, COUNT(*)::int AS n
    FROM {visits} v JOIN {entries} e ON e.id = v.entry_id
    WHERE v.visited_on BETWEEN %(first)s AND %(last)s
    GROUP BY e.category
)
SELECT i.category, COALESCE(s.n, 0), COALESCE(d.n, 0)
FROM intervals i LEFT JOIN scheduled s USING (category) LEFT JOIN done d USING (category)
"""


def _count_key_person_visits(period: Period) -> dict:
    intervals = settings.KEY_PERSON_VISIT_INTERVAL_DAYS
    sql = _KEY_PERSON_VISITS_SQL.format(
        entries=KeyPersonEntry._meta.db_table, visits=KeyPersonVisit._meta.db_table
    )
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, {
            "categories": list(intervals), "days": list(intervals.values()),
            "first": period.start, "last": period.as_of(),
        })
        rows = cursor.fetchall()
    counts = {}
    for category, scheduled, done in rows:
        counts[f"scheduled:{category}"] = scheduled
        counts[f"done:{category}"] = done
    return counts


def _key_person_visit_rows(period: Period) -> list[Row]:
    rows = []
    for category in KeyPersonCategory:
        rows.append(Row(f"scheduled:{category.value}", _("%(category)s: visits scheduled")
                        % {"category": _short_category(category)}))
        rows.append(Row(f"done:{category.value}", _("%(category)s: visits done")
                        % {"category": _short_category(category)}))
    return rows


def _short_category(category) -> str:
    return {
        KeyPersonCategory.CORRECTION: _("Community correction"),
        KeyPersonCategory.RELEASED: _("Released"),
        KeyPersonCategory.DRUG: _("Drug users"),
    }[category]


def _key_person_link(user, key: str) -> str | None:
    if not policy_for(user).can_see_group(FieldGroup.KEY_PERSON):
        return None
    return _url("residents:worklist_key_person_visits", category=key.partition(":")[2])


def _count_emergencies(period: Period) -> dict:
    """Emergencies open on the period's last day (today while it runs), by kind."""
    day = period.as_of()
    return EmergencyModel.objects.order_by().filter(occurred_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    ).aggregate(**{kind: Count("pk", filter=Q(kind=kind)) for kind in EmergencyKind.values})


def _emergency_link(user, key: str) -> str | None:
    if not user.has_perm("residents.view_emergency"):
        return None
    return _url("residents:worklist_emergencies", kind=key)


def register_panels() -> None:
    dashboard_panel(Panel(
        key="residents", title=_("Registered residents"), section=RESIDENTS, order=10,
        count=_count_residents,
        rows=lambda period: [
            Row("total", _("Verified residents")),
            Row("new", _("Newly verified in the period")),
            Row("floating", _("Floating population")),
        ],
        link=lambda user, key: _resident_list(
            user, **({"floating": "yes"} if key == "floating" else {})
        ),
        note=_("Verified residents at the end of the period (today while it runs)."),
    ))
    dashboard_panel(Panel(
        key="registrations", title=_("New registrations per month"), section=RESIDENTS,
        order=20, count=_count_registrations, rows=_registration_rows,
        link=lambda user, key: (
            _path("residents:list") if policy_for(user).may_see_residents else None
        ),
        note=_("Registrations entered in each month, whatever their status now."),
    ))
    dashboard_panel(Panel(
        key="age_groups", title=_("Residents by age class"), section=RESIDENTS, order=30,
        count=_count_age_groups,
        rows=lambda period: [Row(g.value, label) for g, label in AGE_GROUP_LABELS.items()],
        link=lambda user, key: _resident_list(user, age_group=key),
    ))
    dashboard_panel(Panel(
        key="hukou", title=_("Household registration"), section=RESIDENTS, order=40,
        count=_count_hukou,
        rows=lambda period: [
            Row(HukouType.REGISTERED, _("Registered (户籍)")),
            Row(HukouType.NON_REGISTERED, _("Non-registered (非户籍)")),
            Row("floating", _("Floating population")),
        ],
        link=lambda user, key: _resident_list(
            user, **({"floating": "yes"} if key == "floating" else {"hukou_type": key})
        ),
    ))
    dashboard_panel(Panel(
        key="registers", title=_("Special registers"), section=RESIDENTS, order=50,
        count=_count_registers,
        rows=lambda period: [
            Row(HardshipKind.DIBAO, _("Minimum living allowance (低保)")),
            Row(HardshipKind.TEKUN, _("Extreme poverty (特困)")),
            Row(HardshipKind.DISABILITY, _("Disability (残疾)")),
            Row(KEY_PERSON, _("Key persons")),
        ],
        link=_register_link,
        note=_("Residents on each register at the end of the period."),
    ))
    dashboard_panel(Panel(
        key="rechecks", title=_("Re-checks"), section=RESIDENTS, order=60,
        count=_count_rechecks, now_only=True,
        rows=lambda period: [Row("due", _("Due soon")), Row("overdue", _("Overdue"))],
        link=_recheck_link,
    ))
    dashboard_panel(Panel(
        key="key_person_visits", title=_("Key-person visits"), section=TRACKING, order=300,
        count=_count_key_person_visits, rows=_key_person_visit_rows, link=_key_person_link,
        note=_("Visits scheduled by each category's interval, and visits recorded."),
    ))
    dashboard_panel(Panel(
        key="emergencies", title=_("Open emergencies"), section=TRACKING, order=310,
        count=_count_emergencies,
        rows=lambda period: [Row(k.value, k.label) for k in EmergencyKind],
        link=_emergency_link,
        note=_("Emergencies still open at the end of the period."),
    ))
