from django.db import migrations


def add_permissions(apps, schema_editor):
    from casework.roles import ROLE_PERMISSIONS
    from residents.roles import add_role_permissions

    add_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0030_rectification_safety"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
