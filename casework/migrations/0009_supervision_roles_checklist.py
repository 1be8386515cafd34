from django.db import migrations

# The checkpoints of SUP-1 a new installation starts with; managers edit them on the page.
CHECKPOINTS = [
    ("登记信息完整性", "抽查新登记居民信息是否完整、准确，回执是否签字留存"),
    ("复核按时完成", "到期的居民信息复核是否按时完成"),
    ("授权审查", "临时查阅授权是否按规定审批、按期收回"),
    ("档案管理", "档案是否及时归档、完整，查阅是否登记"),
    ("投诉处理", "投诉和建议是否按时办结、回访并公示"),
]


def add_permissions_and_checklist(apps, schema_editor):
    from casework.roles import ROLE_PERMISSIONS
    from residents.roles import add_role_permissions

    add_role_permissions(apps, ROLE_PERMISSIONS)
    ChecklistItem = apps.get_model("casework", "ChecklistItem")
    for position, (title, guidance) in enumerate(CHECKPOINTS, start=1):
        ChecklistItem.objects.get_or_create(
            title=title, defaults={"guidance": guidance, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0008_supervision"),
    ]

    operations = [migrations.RunPython(add_permissions_and_checklist, migrations.RunPython.noop)]
