from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("Archives")

    def demo_seeders(self) -> list:
        from archives import demo

        return [demo.seed]

    def ready(self) -> None:
        """Registered in one place: filing a case or a report when it closes, the filing on
        their pages, the read purposes and the audited models."""
        from auditlog.registry import auditlog

        from archives import models
        from archives.destruction import erasure as archive_erasure
        from archives.filing import views as filing
        from archives.filing.services import case_file, report_file
        from archives.inspections.services import inspection_cards
        from archives.purposes import ArchivePurpose
        from casework.cases.panels import case_page_extra
        from casework.engine.hooks import on_case_closed
        from reporters.reports.hooks import on_report_closed, report_page_extra
        from residents.audit.purposes import register_purposes
        from residents.worklists.cards import worklist_cards

        on_case_closed(case_file)
        case_page_extra(filing.case_filing_extra)
        on_report_closed(report_file)
        report_page_extra(filing.report_filing_extra)
        register_purposes(ArchivePurpose)
        archive_erasure.register()
        worklist_cards(inspection_cards)
        auditlog.register(models.Handover, m2m_fields={"volumes"})
        auditlog.register(models.Inspection)
        for model in (models.Volume, models.ClassRetention):
            auditlog.register(model)
        # An item's description may name the resident; the log outlives their destruction.
        auditlog.register(models.VolumeItem, mask_fields=["contents"])
        auditlog.register(models.AccessApplication, mask_fields=["purpose", "decision_note"])
        auditlog.register(models.DestructionBatch, m2m_fields={"volumes"})
