from django.db import migrations

# The questions a new installation's survey starts with; managers edit them on the page.
QUESTIONS = [
    ("您对社区服务中心的总体服务是否满意？", "rating"),
    ("您对窗口工作人员的服务态度是否满意？", "rating"),
    ("您的事项是否在承诺时限内办结？", "yes_no"),
    ("您对我们的工作还有什么意见或建议？", "text"),
]


def add_permissions_and_questions(apps, schema_editor):
    from casework.roles import ROLE_PERMISSIONS
    from residents.roles import add_role_permissions

    add_role_permissions(apps, ROLE_PERMISSIONS)
    SurveyQuestion = apps.get_model("casework", "SurveyQuestion")
    if not SurveyQuestion.objects.exists():
        for position, (text, kind) in enumerate(QUESTIONS, start=1):
            SurveyQuestion.objects.create(text=text, kind=kind, position=position)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0012_surveys"),
    ]

    operations = [migrations.RunPython(add_permissions_and_questions, migrations.RunPython.noop)]
