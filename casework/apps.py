from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from casework import models, worklist_cards  # noqa: F401 (registers cards, timeline)

        # The applicant's name and contact, what they wrote and what they were told are
        # personal data: masked in the change log. Staff decisions and reasons stay readable.
        auditlog.register(
            models.Case,
            mask_fields=["applicant_name", "applicant_contact", "details", "feedback_text"],
        )
        auditlog.register(models.CaseStep)
        auditlog.register(models.CaseMaterial)
        auditlog.register(models.CalendarDay)
        auditlog.register(models.AffairItem)
        # Old and proposed values may be ID numbers or phones; the resident's own history
        # keeps them (masked the same way) when the change is applied.
        auditlog.register(models.ChangeItem, mask_fields=["old_value", "new_value"])
        auditlog.register(models.ReturnVisit, mask_fields=["comment"])
        auditlog.register(models.CaseSlip)
