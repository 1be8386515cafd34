"""Counts behind the resident list's filters, kept exact by triggers.

Three statement-level triggers on residents_resident (one per event: transition tables allow
one event each) add the rows a statement inserted and subtract the rows it deleted, grouped
by (status, facet, value), into residents_residentcount, in the same transaction. A statement
that changes no counted field (a phone number, a remark) writes nothing; a bulk statement or
COPY costs one grouped upsert. The upsert takes its row locks in key order, so two
transactions touching the same counts queue instead of deadlocking.

Existing residents are counted once here (BACKFILL); `resident_counts_rebuild()` does the
same later should the counts ever be doubted.
"""

from django.db import migrations, models

# The counted values of a set of resident rows (`{rows}`), with their sign.
_FACETS = """
    SELECT r.status, f.facet, f.value, {sign} AS delta
    FROM {rows} r
    CROSS JOIN LATERAL (VALUES
        ('hukou_type', r.hukou_type::text),
        ('floating', CASE WHEN r.is_floating THEN 'yes' ELSE 'no' END),
        ('area', r.area::text),
        ('birth_month', to_char(r.birth_date, 'YYYY-MM'))
    ) AS f(facet, value)
"""


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


def _function(name: str, deltas: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {_apply(deltas)}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


INSERTED = _FACETS.format(sign=1, rows="new_rows")
DELETED = _FACETS.format(sign=-1, rows="old_rows")

TRIGGERS = (
    _function("resident_counts_insert", INSERTED)
    + _function("resident_counts_delete", DELETED)
    + _function("resident_counts_update", INSERTED + " UNION ALL " + DELETED)
    + """
CREATE TRIGGER resident_counts_insert AFTER INSERT ON residents_resident
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION resident_counts_insert();
CREATE TRIGGER resident_counts_delete AFTER DELETE ON residents_resident
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION resident_counts_delete();
CREATE TRIGGER resident_counts_update AFTER UPDATE ON residents_resident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION resident_counts_update();

CREATE OR REPLACE FUNCTION resident_counts_rebuild() RETURNS void AS $$
BEGIN
    -- Writers wait until the counts are whole again.
    LOCK TABLE residents_resident IN SHARE MODE;
    DELETE FROM residents_residentcount;
    """
    + _apply(_FACETS.format(sign=1, rows="residents_resident"))
    + """
END;
$$ LANGUAGE plpgsql;
"""
)

BACKFILL = "SELECT resident_counts_rebuild();"

DROP = """
DROP TRIGGER IF EXISTS resident_counts_insert ON residents_resident;
DROP TRIGGER IF EXISTS resident_counts_delete ON residents_resident;
DROP TRIGGER IF EXISTS resident_counts_update ON residents_resident;
DROP FUNCTION IF EXISTS resident_counts_insert();
DROP FUNCTION IF EXISTS resident_counts_delete();
DROP FUNCTION IF EXISTS resident_counts_update();
DROP FUNCTION IF EXISTS resident_counts_rebuild();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0021_import_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResidentCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=10)),
                ("facet", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=50)),
                ("residents", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status", "facet", "value"), name="resident_count_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS + BACKFILL, DROP),
    ]
