from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Residents")

    def ready(self) -> None:
        """Fill the registries at start-up, in one place: the URL converter of record numbers,
        the database roles' grants and check, audited models, timeline providers, the URL
        keywords that name a resident's record (refusals are audited against it), the
        subjects' background tasks and the exportable lists."""
        from django.core import checks
        from django.db.models.signals import post_migrate

        from config import database_roles
        from residents.accounts import signals as account_signals
        from residents.activities import selectors as activities
        from residents.audit import log as audit
        from residents.audit.middleware import resident_url_kwarg
        from residents.audit.purposes import ReadPurpose, register_purposes
        from residents.common import converters, jobs, timeline
        from residents.exports import resident_list
        from residents.exports.lists import register_list
        from residents.households import selectors as households
        from residents.registers import exports as register_exports
        from residents.registers import selectors as registers
        from residents.tracking import selectors as tracking

        converters.register()
        jobs.discover_tasks(self)
        # The application's database role gets its privileges after every migrate (ACC-12).
        post_migrate.connect(database_roles.grant_after_migrate, sender=self)
        checks.register(database_roles.check_database_roles, checks.Tags.security, deploy=True)
        audit.register_models()
        account_signals.connect()
        register_purposes(ReadPurpose)
        # Lists with export buttons (DAT-2); casework registers its own.
        for definition in (
            resident_list.DEFINITION,
            register_exports.KEY_PERSON_VISITS,
            register_exports.HARDSHIP_REVIEWS,
        ):
            register_list(definition)
        for provider in (
            timeline.registration_events,
            households.household_timeline,
            registers.register_timeline,
            tracking.tracking_timeline,
            activities.activity_timeline,
        ):
            timeline.timeline_provider(provider)
        for kwarg, model in (
            ("membership_pk", "residents.HouseholdMembership"),
            ("social_contact_pk", "residents.SocialContact"),
            ("hardship_pk", "residents.HardshipEntry"),
            ("key_person_pk", "residents.KeyPersonEntry"),
            ("contact_pk", "residents.ContactRecord"),
            ("status_pk", "residents.StatusChange"),
            ("emergency_pk", "residents.Emergency"),
            ("service_pk", "residents.ServiceRecord"),
            ("participation_pk", "residents.Participation"),
            ("volunteer_pk", "residents.VolunteerMembership"),
            ("report_pk", "residents.SelfReport"),
        ):
            resident_url_kwarg("residents", kwarg, model)
