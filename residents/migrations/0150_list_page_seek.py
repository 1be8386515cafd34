"""Counts of residents by the head of their sort key, for deep pages of the resident list.

Migration 0040's counts table gains two facets: `sort_head` (the first 4 characters of
name_sort_key, about 100 values) and `sort_prefix` (the first 8, a few thousand values, none
holding more than about 1% of the residents). From them a page of the list finds the prefix
its first resident sorts under and how many residents sort before that prefix
(residents.people.counts.page_start), and skips only the residents inside that prefix instead
of every resident before the page. The same three triggers keep them exact; the functions
are replaced with the two facets added, and the existing residents are counted once here.
"""

from django.db import migrations

_FACETS = """
    SELECT r.status, f.facet, f.value, {sign} AS delta
    FROM {rows} r
    CROSS JOIN LATERAL (VALUES
        ('hukou_type', r.hukou_type::text),
        ('floating', CASE WHEN r.is_floating THEN 'yes' ELSE 'no' END),
        ('area', r.area::text),
        ('birth_month', to_char(r.birth_date, 'YYYY-MM')){extra}
    ) AS f(facet, value)
"""
_SORT_FACETS = """,
        ('sort_head', left(r.name_sort_key::text, 4)),
        ('sort_prefix', left(r.name_sort_key::text, 8))"""


def _apply(deltas: str) -> str:
    return f"""
    INSERT INTO residents_residentcount AS c (status, facet, value, residents)
    SELECT status, facet, value, sum(delta)
    FROM ({deltas}) AS d
    GROUP BY status, facet, value
    HAVING sum(delta) <> 0
    ORDER BY status, facet, value
    ON CONFLICT (status, facet, value) DO UPDATE SET residents = c.residents + EXCLUDED.residents;
    """


def _functions(extra: str) -> str:
    inserted = _FACETS.format(sign=1, rows="new_rows", extra=extra)
    deleted = _FACETS.format(sign=-1, rows="old_rows", extra=extra)
    every = _FACETS.format(sign=1, rows="residents_resident", extra=extra)
    body = {
        "resident_counts_insert": _apply(inserted),
        "resident_counts_delete": _apply(deleted),
        "resident_counts_update": _apply(inserted + " UNION ALL " + deleted),
    }
    sql = "".join(
        f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {text}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
        for name, text in body.items()
    )
    return sql + f"""
CREATE OR REPLACE FUNCTION resident_counts_rebuild() RETURNS void AS $$
BEGIN
    -- Writers wait until the counts are whole again.
    LOCK TABLE residents_resident IN SHARE MODE;
    DELETE FROM residents_residentcount;
    {_apply(every)}
END;
$$ LANGUAGE plpgsql;
"""


BACKFILL = """
LOCK TABLE residents_resident IN SHARE MODE;
INSERT INTO residents_residentcount (status, facet, value, residents)
SELECT status, facet, value, count(*)
FROM residents_resident r
CROSS JOIN LATERAL (VALUES
    ('sort_head', left(r.name_sort_key::text, 4)),
    ('sort_prefix', left(r.name_sort_key::text, 8))
) AS f(facet, value)
GROUP BY status, facet, value
ORDER BY status, facet, value
ON CONFLICT (status, facet, value) DO UPDATE SET residents = EXCLUDED.residents;
"""

UNDO = "DELETE FROM residents_residentcount WHERE facet IN ('sort_head', 'sort_prefix');"


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0111_recovery_code_digests"),
    ]

    operations = [
        migrations.RunSQL(
            _functions(_SORT_FACETS) + BACKFILL,
            _functions("") + UNDO,
        ),
    ]
