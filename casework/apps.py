from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from casework import models

        # The applicant's name and contact are personal data: fully masked in the change log.
        auditlog.register(models.Case, mask_fields=["applicant_name", "applicant_contact"])
        auditlog.register(models.CaseStep)
        auditlog.register(models.CaseMaterial)
        auditlog.register(models.CalendarDay)
