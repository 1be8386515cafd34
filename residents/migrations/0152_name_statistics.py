"""A finer sample of residents' names for the planner.

A search for part of a name (`name LIKE '%…%'`, through the trigram index) is estimated from
the sampled names: with the default sample most of them are taken by the hundred commonest
names and the planner falls back on a guess of about one resident in a hundred, which at a
million residents turns a join on the hits (the archive catalogue's name search) into a scan
of every archive item. A thousand histogram bounds make the estimate follow the names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0151_resident_status_sort"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE residents_resident ALTER COLUMN name SET STATISTICS 1000;",
            "ALTER TABLE residents_resident ALTER COLUMN name SET STATISTICS -1;",
        ),
    ]
