from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Residents")

    @staticmethod
    def _register_homes() -> None:
        """Each role's home: its own page rather than a "no access" note. Apps built
        on residents register theirs (reporters) from their own ready()."""
        from residents import roles
        from residents.worklists import lines
        from residents.worklists import views as worklists
        from residents.worklists.homes import home_lines, role_home

        role_home(roles.MANAGER, worklists.manager_home, order=10)
        role_home(roles.FRONT_DESK, worklists.front_desk_home, order=20)
        role_home(roles.SUPERVISOR, "residents:dashboard", order=30)
        role_home(roles.AUDITOR, "audit:trail", order=40)
        role_home(roles.SECURITY_ADMIN, "accounts:change_list", order=50)
        role_home(roles.SYSADMIN, "accounts:change_list", order=60)
        role_home(roles.OTHER_STAFF, "residents:grant_list", order=70)
        home_lines(lines.resident_lines)

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
        # The residents app's own dashboard panels; casework adds its panels from its ready().
        from residents.dashboards.panels import register_panels

        register_panels()
        self._register_homes()
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
        from residents import models

        timeline.timeline_provider(timeline.registration_events)
        for provider, record_models in (
            (households.household_timeline, [models.HouseholdMembership]),
            # Help ledger lines and key-person visits belong to register entries.
            (registers.register_timeline, [models.HardshipEntry, models.KeyPersonEntry]),
            # Follow-ups belong to emergencies.
            (tracking.tracking_timeline, [
                models.ContactRecord, models.StatusChange, models.Emergency, models.Recheck,
            ]),
            (activities.activity_timeline, [
                models.ServiceRecord, models.Participation, models.VolunteerMembership,
            ]),
        ):
            timeline.timeline_provider(
                provider, records=tuple((model, "resident") for model in record_models)
            )
        # Printed documents the public verification page knows (REG-11).
        from residents.common.pdf import verifiable
        from residents.people.pdf import slip_lookup
        from residents.people.printed_forms import form_print_lookup

        verifiable(slip_lookup)
        verifiable(form_print_lookup)
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
