from django.db import migrations


def add_permissions(apps, schema_editor):
    from reporters.roles import ROLE_PERMISSIONS
    from residents.roles import add_role_permissions

    add_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reporters", "0006_management")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
