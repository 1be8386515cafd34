"""Fewer indexes to keep up on every registration, import row and audit entry.

Dropped, because no query reads them:
- the pattern (`varchar_pattern_ops`) indexes Django adds beside an indexed or unique text
  column, for `LIKE 'prefix%'`: archive and ID numbers and areas are only ever compared whole
  (archive numbers through `resident_archive_upper`); in the audit log, correlation ids and
  object keys likewise;
- the single-column indexes of the registration status (the first column of
  `resident_status_sort`, which serves every query on it), of the registration type and of the
  floating flag (two values each: their counts come from the counts table, and a list filtered
  by one reads the list order's index), and of the audit entries' action (four values).

`resident_name_grams` becomes PL/pgSQL: the same pieces, in the order they occur, computed
about fifteen times faster than by the SQL function's set-returning query, which ran for every
resident written (its GIN index) and for every hit of a two-character search.
"""

from django.db import migrations, models

DROPPED = {
    "residents_resident_archive_number_9c35f062_like":
        "ON residents_resident USING btree (archive_number varchar_pattern_ops)",
    "residents_resident_area_46de4156_like":
        "ON residents_resident USING btree (area varchar_pattern_ops)",
    "residents_resident_id_number_d3d0186a_like":
        "ON residents_resident USING btree (id_number varchar_pattern_ops)",
    "auditlog_logentry_cid_9f467263_like":
        "ON auditlog_logentry USING btree (cid varchar_pattern_ops)",
    "auditlog_logentry_object_pk_6e3219c0_like":
        "ON auditlog_logentry USING btree (object_pk varchar_pattern_ops)",
    "auditlog_logentry_action_229afe39": "ON auditlog_logentry USING btree (action)",
}

GRAMS = """
CREATE OR REPLACE FUNCTION resident_name_grams(name text) RETURNS text[] AS $$
DECLARE
    pieces text[] := '{}';
    piece text;
BEGIN
    FOR i IN 1 .. length(name) - 1 LOOP
        piece := substr(name, i, 2);
        IF NOT piece = ANY(pieces) THEN
            pieces := pieces || piece;
        END IF;
    END LOOP;
    RETURN pieces;
END
$$ LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE;
"""

GRAMS_BEFORE = """
CREATE OR REPLACE FUNCTION resident_name_grams(name text) RETURNS text[] AS $$
    SELECT coalesce(array_agg(DISTINCT substr(name, i, 2)), '{}')
    FROM generate_series(1, length(name) - 1) AS i
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0152_name_statistics"),
        ("auditlog", "__latest__"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resident",
            name="hukou_type",
            field=models.CharField(
                choices=[
                    ("registered", "Registered resident (户籍)"),
                    ("non_registered", "Non-registered resident (非户籍)"),
                ],
                default="registered",
                max_length=20,
                verbose_name="household registration type",
            ),
        ),
        migrations.AlterField(
            model_name="resident",
            name="is_floating",
            field=models.BooleanField(default=False, verbose_name="floating population"),
        ),
        migrations.AlterField(
            model_name="resident",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted for verification"),
                    ("verified", "Verified"),
                    ("returned", "Returned for correction"),
                ],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        *(
            migrations.RunSQL(
                f"DROP INDEX IF EXISTS {name};",
                f"CREATE INDEX IF NOT EXISTS {name} {definition};",
            )
            for name, definition in DROPPED.items()
        ),
        migrations.RunSQL(GRAMS, GRAMS_BEFORE),
    ]
