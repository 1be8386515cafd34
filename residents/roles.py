"""The roles of SPEC "Who uses it", as Django groups, and the model permissions each holds.

Used by the data migration that creates the groups; changing a role means a new migration
that calls `sync_roles` again.
"""

from __future__ import annotations

FRONT_DESK = "front_desk"
MANAGER = "manager"
REPORTER = "reporter"
OTHER_STAFF = "other_staff"
AUDITOR = "auditor"
SYSADMIN = "sysadmin"
SECURITY_ADMIN = "security_admin"
SUPERVISOR = "supervisor"

# Roles that sign in with a second factor (ACC-10): whoever reads comprehensive data, the audit
# trail or the supervision dashboards, and whoever administers accounts. Staff (admin site) and
# superusers do too, whatever their roles (residents/accounts/second_factor.py).
SECOND_FACTOR_ROLES = frozenset({MANAGER, AUDITOR, SYSADMIN, SECURITY_ADMIN, SUPERVISOR})

_REGISTRATION = [
    "residents.add_resident",
    "residents.change_resident",
    "residents.view_resident",
    "residents.view_service_needs",
    "residents.view_feedback",
    "residents.verify_resident",
    "residents.add_slip",
    "residents.change_slip",
    "residents.view_slip",
    "residents.reveal_masked",
    "residents.request_access_report",
]

def _model_perms(actions: str, *models: str) -> list[str]:
    return [f"residents.{action}_{model}" for model in models for action in actions.split()]


# Tracking, services and activities: the daily work of the front desk.
_DYNAMICS = [
    *_model_perms("add view", "contactrecord", "recheck", "emergencyfollowup"),
    # Residents' own online reports (TRK-5), confirmed or dismissed by staff.
    *_model_perms("change view", "selfreport"),
    *_model_perms(
        "add change view", "emergency", "servicerecord", "activity", "participation",
        "volunteerteam", "volunteermembership",
    ),
]
# Families, status history and the special registers are comprehensive information (ACC-1).
_COMPREHENSIVE_DYNAMICS = [
    *_model_perms(
        "add change view", "household", "householdmembership", "socialcontact",
        "hardshipentry", "keypersonentry",
    ),
    *_model_perms("add view", "statuschange", "helpledgerentry", "keypersonvisit"),
    "residents.view_key_person",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Imports of shared files (DAT-1): the front desk and managers; managers keep the mappings.
    FRONT_DESK: [*_REGISTRATION, *_DYNAMICS, "residents.run_import"],
    # Approving exceptional access is given to designated managers one by one
    # (residents.approve_accessgrant), not to the whole role.
    MANAGER: [
        *_REGISTRATION,
        *_DYNAMICS,
        *_COMPREHENSIVE_DYNAMICS,
        "residents.view_sensitive",
        "auditlog.view_logentry",
        "residents.view_accessgrant",
        "residents.run_import",
        "residents.change_importprofile",
    ],
    REPORTER: [],
    OTHER_STAFF: ["residents.add_accessgrant"],
    AUDITOR: [
        "auditlog.view_logentry",
        "residents.view_accessgrant",
        "residents.view_accountchange",
    ],
    # Accounts, but no role alone (ACC-7): a role or a password reset is asked for here and
    # takes effect when a security administrator approves it.
    SYSADMIN: [
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "residents.add_accountchange",
        "residents.view_accountchange",
        # The background jobs page (DAT-4): queued, running, failed and done jobs.
        "residents.view_job",
        "residents.retry_job",
        # The backups page (ACC-6): the backup files and a check of each one's key and hashes.
        "residents.view_backupverification",
        "residents.verify_backup",
    ],
    SECURITY_ADMIN: [
        "auth.view_user",
        "auth.view_group",
        "residents.view_accountchange",
        "residents.approve_accountchange",
    ],
    # Dashboards, inspections and assessments come with the supervision pages; no personal data.
    SUPERVISOR: [],
}


def sync_roles(apps) -> None:
    """Create each group and give it exactly its permissions (works on historical models)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            # An early migration runs before later models and permissions exist; the migration
            # that adds them calls sync_roles again.
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        # Only the apps listed here are managed; other apps add their own (add_role_permissions).
        managed = {dotted.split(".")[0] for perms in ROLE_PERMISSIONS.values() for dotted in perms}
        stale = group.permissions.filter(content_type__app_label__in=managed).exclude(
            pk__in=[permission.pk for permission in wanted]
        )
        group.permissions.remove(*stale)
        group.permissions.add(*wanted)


def add_role_permissions(apps, mapping: dict[str, list[str]]) -> None:
    """Give roles the permissions of another app (called by that app's own migrations).

    Apps built on `residents` declare their role permissions themselves, so that `residents`
    never depends on them.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in mapping.items():
        group, _created = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
