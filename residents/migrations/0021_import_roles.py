from django.db import migrations


def sync_roles(apps, schema_editor):
    from residents.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("residents", "0020_imports"),
    ]

    operations = [
        # Imports (DAT-1): the front desk and managers import; managers edit the mappings.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
