from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def demo_seeders(self) -> list:
        """Demo data for seed_demo, in order: the catalogue comes before the affairs."""
        from casework.affairs import demo as demo_affair
        from casework.change import demo as demo_change
        from casework.complaints import demo as demo_complaint
        from casework.query import demo as demo_query

        return [demo_affair.seed, demo_change.seed, demo_query.seed, demo_complaint.seed]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Registered at start-up, not when the URLs load: work-list cards, the timeline and
        # each kind's panel on the case page.
        from casework import models  # noqa: F401
        from casework.affairs import views as affair_views  # noqa: F401
        from casework.cases import worklists as worklist_cards  # noqa: F401
        from casework.change import views as change_views  # noqa: F401
        from casework.complaints import views as complaint_views  # noqa: F401
        from casework.query import views as query_views  # noqa: F401
        from residents.audit.trail import register_purpose_labels

        register_purpose_labels(
            {
                "case_list": _("Case list"),
                "case_detail": _("Case page"),
                "worklist_cases_due": _("Work list of cases due"),
                "worklist_return_visits": _("Work list of return visits"),
                "change_open": _("Opening a change request"),
                "change_confirm": _("Confirming a change notice"),
                "change_notice": _("Sending a change notice"),
                "update_slip": _("Printing the update confirmation slip"),
                "query_open": _("Opening a query request"),
                "query_result": _("Printing the query result slip"),
                "one_time_notice": _("Printing the one-time notice"),
                "acceptance_receipt": _("Printing the acceptance receipt"),
            }
        )

        # Free texts (the applicant's name and contact, what they wrote, what they were told,
        # step reasons that may quote them) are masked in the change log; the case page keeps
        # them in full for those who may see the case.
        auditlog.register(
            models.Case,
            mask_fields=["applicant_name", "applicant_contact", "details", "feedback_text"],
        )
        auditlog.register(models.CaseStep, mask_fields=["decision_reason"])
        auditlog.register(models.CaseMaterial)
        auditlog.register(models.CalendarDay)
        auditlog.register(models.AffairItem)
        # Old and proposed values may be ID numbers or phones; the resident's own history
        # keeps them (masked the same way) when the change is applied.
        auditlog.register(models.ChangeItem, mask_fields=["old_value", "new_value"])
        auditlog.register(models.ReturnVisit, mask_fields=["comment"])
        auditlog.register(models.CaseSlip)
