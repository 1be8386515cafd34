"""Erasure of a destroyed resident's cases (ARC-9).

The steps of a case are append-only for the application's role (the four-eyes evidence), so it
cannot blank their reasons itself. This function, owned by the owner role, blanks the reasons of
the steps of one case, and only of a case already marked erased: who acted, when, and the
decision stay; the free text that may quote the resident goes.
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION casework_erase_step_reasons(p_case_id bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    erased integer;
BEGIN
    UPDATE casework_casestep AS step SET decision_reason = '（已销毁）'
    FROM casework_case AS kase
    WHERE step.case_id = kase.id AND kase.id = p_case_id AND kase.erased_at IS NOT NULL
      AND step.decision_reason <> '';
    GET DIAGNOSTICS erased = ROW_COUNT;
    RETURN erased;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS casework_erase_step_reasons(bigint);"


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0031_rectification_safety_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='erased_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='personal data erased at'),
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
