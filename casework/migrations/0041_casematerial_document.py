import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0040_case_erasure'),
        ('residents', '0100_slip_scans_into_document_store'),
    ]

    operations = [
        migrations.AddField(
            model_name='casematerial',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='residents.document', verbose_name='scan'),
        ),
    ]
