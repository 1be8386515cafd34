import django.contrib.postgres.fields
from django.db import migrations, models

# What a slip printed before this migration showed is not known: its scan opens only to users
# who may see every group a registration slip can show in full.
EARLIER_SLIPS_GROUPS = ["basic", "sensitive", "service_needs"]


def mark_earlier_slips(apps, schema_editor):
    Slip = apps.get_model("residents", "Slip")
    Slip.objects.update(field_groups=EARLIER_SLIPS_GROUPS)


class Migration(migrations.Migration):

    dependencies = [
        ('residents', '0012_registration_submitted_by'),
    ]

    operations = [
        migrations.AddField(
            model_name='slip',
            name='field_groups',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=20), default=list, size=None, verbose_name='field groups shown'),
        ),
        migrations.RunPython(mark_earlier_slips, migrations.RunPython.noop),
    ]
