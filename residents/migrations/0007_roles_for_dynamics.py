from django.db import migrations


def sync_roles(apps, schema_editor):
    from residents.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("residents", "0006_resident_dynamics")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
