from django.db import migrations


def add_permissions(apps, schema_editor):
    from archives.roles import ROLE_PERMISSIONS
    from residents.roles import add_role_permissions

    add_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_initial"), ("residents", "0091_audit_keys")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
