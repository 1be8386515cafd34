from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0150_list_page_seek"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(
                fields=["status", "name_sort_key", "id"], name="resident_status_sort"
            ),
        ),
    ]
