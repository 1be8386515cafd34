from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def demo_seeders(self) -> list:
        """Demo data for seed_demo, in order: the catalogue comes before the affairs."""
        from casework.affairs import demo as demo_affair
        from casework.assessment import demo as demo_assessment
        from casework.change import demo as demo_change
        from casework.complaints import demo as demo_complaint
        from casework.duties import demo as demo_duties
        from casework.query import demo as demo_query
        from casework.rectification import demo as demo_rectification
        from casework.safety import demo as demo_safety
        from casework.supervision import demo as demo_supervision
        from casework.surveys import demo as demo_surveys
        from casework.whistleblowing import demo as demo_whistleblowing

        return [
            demo_affair.seed, demo_duties.seed, demo_change.seed, demo_query.seed,
            demo_complaint.seed, demo_supervision.seed, demo_surveys.seed,
            demo_whistleblowing.seed, demo_rectification.seed, demo_safety.seed,
            demo_assessment.seed,
        ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Registered at start-up, in one place: work-list cards, the timeline, each kind's
        # panel on the case page, the URL keywords naming a case's resident, and the case
        # list's export.
        from casework import models
        from casework.affairs import views as affairs
        from casework.appointments import worklists as appointment_worklists
        from casework.assessment.homes import assessment_home_lines
        from casework.cases import erasure as case_erasure
        from casework.cases import exports as case_exports
        from casework.cases import reads, worklists
        from casework.cases.dashboard import register_panels as dashboard_panels
        from casework.cases.origins import origin_extra
        from casework.cases.panels import case_page_extra, case_panel
        from casework.cases.pdf import case_slip_lookup
        from casework.cases.purposes import CasePurpose
        from casework.cases.sensitivity import case_group, handles_case
        from casework.change import services as change_services
        from casework.change import views as change
        from casework.change import worklists as change_worklists
        from casework.complaints import services as complaint_services
        from casework.complaints import views as complaints
        from casework.engine import workflows
        from casework.engine.next_steps import extra_next_steps
        from casework.query import views as query
        from casework.rectification import views as rectification
        from casework.rectification import worklists as rectification_worklists
        from casework.supervision import worklists as supervision_worklists
        from casework.surveys.dashboard import register_panel as survey_panel
        from casework.whistleblowing import services as whistleblowing_services
        from residents.access.policy import register_record_kind
        from residents.audit.middleware import resident_url_kwarg
        from residents.audit.purposes import register_purposes
        from residents.audit.trail import (
            trail_group_label,
            trail_hidden_fields,
            trail_value_labels,
        )
        from residents.common.jobs import discover_tasks
        from residents.common.pdf import verifiable
        from residents.common.timeline import timeline_provider
        from residents.exports.lists import register_list
        from residents.imports.notices import change_notice_opener
        from residents.worklists.cards import worklist_cards
        from residents.worklists.homes import home_lines

        worklist_cards(worklists.case_cards)
        worklist_cards(supervision_worklists.supervision_cards)
        home_lines(worklists.case_home_lines)
        home_lines(assessment_home_lines)
        home_lines(appointment_worklists.appointment_home_lines)
        dashboard_panels()
        survey_panel()
        verifiable(case_slip_lookup)
        worklist_cards(change_worklists.late_declaration_cards)
        timeline_provider(worklists.case_events, records=((models.Case, "resident"),))
        case_panel(models.CaseKind.CHANGE, change.change_panel)
        case_panel(models.CaseKind.QUERY, query.query_panel)
        case_panel(models.CaseKind.AFFAIR, affairs.affair_panel)
        case_panel(models.CaseKind.COMPLAINT, complaints.complaint_panel)
        case_panel(models.CaseKind.RECTIFICATION, rectification.rectification_panel)
        # Where a case came from (a reporter's report …), told by the apps above casework.
        case_page_extra(origin_extra)
        # Overdue rectifications on the work lists and the responsible person's home.
        worklist_cards(rectification_worklists.rectification_cards)
        home_lines(rectification_worklists.rectification_home_lines)
        extra_next_steps(models.CaseKind.COMPLAINT, complaint_services.publication_next_step)
        resident_url_kwarg("casework", "pk", "casework.Case")
        resident_url_kwarg(
            "casework", "slip_pk", "casework.CaseSlip", field="case__resident_id"
        )
        # Change and query URLs naming a resident directly.
        resident_url_kwarg("casework", "resident_pk", "residents.Resident", field="pk")

        register_purposes(CasePurpose)
        # A destroyed resident's cases are erased with the resident (ARC-9).
        case_erasure.register()
        # The case list's export buttons (DAT-2).
        register_list(case_exports.DEFINITION)
        # Differences found by a resident import become change notices (UPD-5).
        change_notice_opener(change_services.change_notice_open)
        # The subjects' background tasks (each subject's tasks.py).
        discover_tasks(self)
        # Affairs that reveal economic or health status are comprehensive information; their
        # handlers see them too (AFF-7).
        register_record_kind(models.Case, group=case_group, handled_by=handles_case)
        # The trail says that a case or its checklist changed, not what it is about: the
        # affair's name and its materials may tell a resident's status to any trail reader.
        trail_hidden_fields(models.Case, ["subject", "affair_item"])
        trail_hidden_fields(models.CaseMaterial, ["name"])
        # The trail names states and steps as the case page does, not by their stored codes.
        trail_value_labels(models.Case, ["status"], workflows.status_label)
        trail_value_labels(models.CaseStep, ["from_status", "to_status"], workflows.status_label)
        trail_value_labels(models.CaseStep, ["action"], workflows.any_action_label)
        trail_group_label(reads.APPLICANT_GROUP, _("Case applicant"))
        whistleblowing_states = dict(models.WhistleblowingStatus.choices)
        trail_value_labels(
            models.WhistleblowingStep, ["from_status", "to_status"],
            lambda value: whistleblowing_states.get(value, value),
        )
        trail_value_labels(
            models.WhistleblowingStep, ["action"],
            lambda value: whistleblowing_services.ACTION_LABELS.get(value, value),
        )

        # Free texts (the applicant's name and contact, what they wrote, what they were told,
        # step reasons that may quote them) are masked in the change log; the case page keeps
        # them in full for those who may see the case.
        auditlog.register(
            models.Case,
            mask_fields=["applicant_name", "applicant_contact", "details", "feedback_text",
                         "identity_document"],
        )
        auditlog.register(models.CaseStep, mask_fields=["decision_reason"])
        auditlog.register(models.CaseMaterial, mask_fields=["note"])
        auditlog.register(models.CalendarDay)
        auditlog.register(models.AffairItem)
        # Old and proposed values may be ID numbers or phones; the resident's own history
        # keeps them (masked the same way) when the change is applied.
        auditlog.register(models.ChangeItem, mask_fields=["old_value", "new_value"])
        auditlog.register(models.ChangeDeclaration)
        auditlog.register(models.ReturnVisit, mask_fields=["comment"])
        auditlog.register(models.CaseSlip)
        auditlog.register(models.ChecklistItem)
        auditlog.register(models.Inspection)
        auditlog.register(models.InspectionFinding)
        auditlog.register(models.AccountabilityRecord)
        auditlog.register(models.Rectification)
        auditlog.register(models.SafetyRecord)
        auditlog.register(models.SafetyPhoto)
        auditlog.register(models.GarbageSchedule)
        # The whistle-blower's identity and account stay out of the change log.
        auditlog.register(
            models.WhistleblowingReport,
            mask_fields=["reporter_name", "reporter_contact", "content", "conclusion"],
        )
        auditlog.register(models.WhistleblowingStep, mask_fields=["note"])
        auditlog.register(models.SurveyQuestion)
        # Windows, departments and review duties (AFF-3, AFF-7), with their memberships.
        auditlog.register(models.Department, m2m_fields={"members"})
        auditlog.register(models.ServiceWindow, m2m_fields={"items", "staff"})
        auditlog.register(models.ReviewDuty)
        # Assessment standards, complaint attributions, annual proposals and policies.
        auditlog.register(models.AssessmentStandard)
        auditlog.register(models.ComplaintAttribution)
        auditlog.register(models.AnnualProposal)
        auditlog.register(models.Policy)
        auditlog.register(models.Appointment, mask_fields=["visitor_name"])
