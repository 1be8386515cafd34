"""Name search by fragments of two characters and more through an index.

`resident_name_grams(name)` is the set of two-character pieces of a name; a GIN index over it
finds the names holding every piece of a fragment, and `name LIKE '%fragment%'` keeps exactly
the names containing it (residents.people.selectors.residents_search). An expression index
cannot go stale: there is no column to keep. pg_trgm could not serve: under the C locale it
skips non-ASCII characters, and the embedded PostgreSQL has no ICU.

An index on UPPER(archive_number) serves the case-insensitive archive-number lookups of the
search and of the audit trail's resident filter, which scanned every resident.

The birth-date index counts the part of a birth month before an age-group boundary
(residents.people.counts).
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

import residents.models.people

GRAMS = """
CREATE OR REPLACE FUNCTION resident_name_grams(name text) RETURNS text[] AS $$
    SELECT coalesce(array_agg(DISTINCT substr(name, i, 2)), '{}')
    FROM generate_series(1, length(name) - 1) AS i
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0040_resident_counts"),
    ]

    operations = [
        migrations.RunSQL(GRAMS, "DROP FUNCTION IF EXISTS resident_name_grams(text);"),
        migrations.AddIndex(
            model_name="resident",
            index=django.contrib.postgres.indexes.GinIndex(
                residents.models.people.NameGrams("name"), name="resident_name_grams"
            ),
        ),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(fields=["birth_date", "status"], name="resident_birth_status"),
        ),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(
                django.db.models.functions.text.Upper("archive_number"),
                name="resident_archive_upper",
            ),
        ),
        # Statistics of the new expressions, so that the planner knows how few names hold a
        # piece (autovacuum would gather them only after many more writes).
        migrations.RunSQL("ANALYZE residents_resident;", migrations.RunSQL.noop),
    ]
