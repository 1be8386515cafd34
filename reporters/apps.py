from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportersConfig(AppConfig):
    name = "reporters"
    verbose_name = _("Information reporters")

    def demo_seeders(self) -> list:
        from reporters.handling import demo as handling_demo
        from reporters.profiles import demo, demo_management

        return [demo.seed, demo_management.seed, handling_demo.seed]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Registered at start-up, in one place: the work-list cards, the reporter's home page,
        # the read purposes and the audited models.
        from casework.cases.origins import case_origin_provider
        from casework.engine.hooks import on_case_closed
        from reporters import models
        from reporters.disclosure import worklists as disclosure_worklists
        from reporters.handling import services as handling
        from reporters.home import views as home
        from reporters.purposes import ReporterPurpose
        from reporters.reports import erasure as report_erasure
        from reporters.tasks import worklists as task_worklists
        from reporters.training import worklists as training_worklists
        from reporters.weekly import worklists
        from residents import roles
        from residents.audit.purposes import register_purposes
        from residents.common.jobs import discover_tasks
        from residents.tracking.origins import emergency_origin_provider
        from residents.worklists.cards import worklist_cards
        from residents.worklists.homes import role_home

        worklist_cards(worklists.reporter_cards)
        # A case opened from a report names the report on its page; its closing reaches the
        # reporter (casework never imports reporters).
        case_origin_provider(handling.report_origin)
        on_case_closed(handling.report_case_closed)
        # A resident emergency opened from a report names it on its page.
        emergency_origin_provider(handling.report_emergency_origin)
        worklist_cards(disclosure_worklists.disclosure_cards)
        worklist_cards(task_worklists.task_cards)
        worklist_cards(training_worklists.training_cards)
        role_home(roles.REPORTER, home.home, order=80)
        register_purposes(ReporterPurpose)
        # A destroyed resident leaves the reports naming them (ARC-9).
        report_erasure.register()
        discover_tasks(self)

        # Texts that may quote residents (proposers, people involved, what they said) are
        # masked in the change log; the report page keeps them for those who may see it.
        report_texts = [
            "source", "facts", "analysis", "suggested_measures", "proposer", "proposer_contact",
            "people_involved", "course", "current_state", "measures_taken", "problems",
            "causes", "handling_result",
        ]
        auditlog.register(models.Report, mask_fields=report_texts)
        auditlog.register(models.ReportReview, mask_fields=["reason"])
        auditlog.register(models.ReportEvaluation, mask_fields=["comment"])
        auditlog.register(models.ReportResident)
        auditlog.register(models.ReportCase)
        auditlog.register(models.ReporterProfile)
        auditlog.register(models.WorkGroup)
        auditlog.register(
            models.EmergencyCall,
            mask_fields=["basic_facts", "course", "impact_scope", "measures_taken"],
        )
        auditlog.register(models.WeeklyMailing, exclude_fields=["attachment"])
        # Management of the reporters (REP-7, REP-8, REP-9, REP-13, REP-15).
        auditlog.register(models.ReporterTask)
        auditlog.register(models.TaskAnswer)
        auditlog.register(models.TrainingSession, m2m_fields={"attendees"})
        auditlog.register(models.TrainingAttendance)
        auditlog.register(models.Assessment)
        auditlog.register(models.PeerScore)
        auditlog.register(models.Reward)
        auditlog.register(models.Penalty)
        auditlog.register(models.DisclosureRequest, m2m_fields={"reports"})
        auditlog.register(models.WorkMeeting, m2m_fields={"attendees"})
        auditlog.register(models.MeetingSuggestion)
        auditlog.register(models.DeviceCheck)
