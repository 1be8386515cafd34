"""Why a page read resident data: the purpose recorded on every read entry (ACC-4).

Each app declares its purposes as one `TextChoices` with labels and registers it in its
`AppConfig.ready()`; `record_reads` refuses a purpose no app registered, so the audit trail
always has a label to show.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadPurpose(models.TextChoices):
    RESIDENT_DETAIL = "resident_detail", _("Resident record page")
    RESIDENT_LIST = "resident_list", _("Resident list")
    RESIDENT_SEARCH = "resident_search", _("Resident search")
    RESIDENT_EDIT = "resident_edit", _("Correcting the registration")
    DUPLICATE_CHECK = "duplicate_check", _("Duplicate check during registration")
    REGISTRATION_SLIP = "registration_slip", _("Printing the registration confirmation slip")
    SIGNED_SLIP_SCAN = "signed_slip_scan", _("Opening the signed slip scan")
    REVEAL = "reveal", _("Revealing a masked value")
    ACCESS_REPORT = "access_report", _("Access and change report")
    AUDIT_TRAIL_EXPORT = "audit_trail_export", _("Audit trail export")
    RESIDENT_LIST_EXPORT = "resident_list_export", _("Resident list export")
    KEY_PERSON_VISITS_EXPORT = "key_person_visits_export", _("Export of overdue key-person visits")
    HARDSHIP_REVIEWS_EXPORT = "hardship_reviews_export", _("Export of hardship reviews due")
    HOUSEHOLD_LIST = "household_list", _("Household list")
    HOUSEHOLD_DETAIL = "household_detail", _("Household page")
    HOUSEHOLD_CHANGE_HEAD = "household_change_head", _("Changing the head of household")
    MEMBERSHIP_MOVE = "membership_move", _("Moving a household member")
    MEMBERSHIP_END = "membership_end", _("Ending a household membership")
    SOCIAL_CONTACTS = "social_contacts", _("Main social contacts")
    SOCIAL_CONTACT_EDIT = "social_contact_edit", _("Editing a social contact")
    RESIDENT_REGISTERS = "resident_registers", _("Special registers of a resident")
    HARDSHIP_CREATE = "hardship_create", _("Adding to the hardship register")
    HARDSHIP_ENTRY = "hardship_entry", _("Hardship register entry")
    KEY_PERSON_CREATE = "key_person_create", _("Adding to the key-person register")
    KEY_PERSON_ENTRY = "key_person_entry", _("Key-person register entry")
    WORKLIST_HARDSHIP_REVIEWS = "worklist_hardship_reviews", _("Work list of hardship reviews")
    WORKLIST_KEY_PERSON_VISITS = "worklist_key_person_visits", _("Work list of key-person visits")
    RESIDENT_TRACKING = "resident_tracking", _("Tracking records of a resident")
    CONTACT_CREATE = "contact_create", _("Recording a visit, call or feedback")
    CONTACT_DETAIL = "contact_detail", _("Visit, call or feedback record")
    STATUS_CREATE = "status_create", _("Recording a status change")
    STATUS_DETAIL = "status_detail", _("Status change record")
    STATUS_HISTORY = "status_history", _("Status history")
    EMERGENCY_CREATE = "emergency_create", _("Recording an emergency")
    EMERGENCY_DETAIL = "emergency_detail", _("Emergency record")
    WORKLIST_EMERGENCIES = "worklist_emergencies", _("Work list of open emergencies")
    WORKLIST_RECHECKS = "worklist_rechecks", _("Work list of re-checks")
    SERVICE_LIST = "service_list", _("Services of a resident")
    SERVICE_CREATE = "service_create", _("Recording a service")
    SERVICE_OUTCOME = "service_outcome", _("Recording a service outcome")
    OPEN_SERVICES = "open_services", _("Work list of services in progress")
    FILES_DUE = "files_due", _("Work list of age-class files due")
    SELF_REPORTS = "self_reports", _("Residents' own reports of a change")
    ACTIVITY_DETAIL = "activity_detail", _("Activity page")
    VOLUNTEER_TEAM_DETAIL = "volunteer_team_detail", _("Volunteer team page")
    GRANT_LIST = "grant_list", _("Access requests")
    IMPORT_CHECK = "import_check", _("Dry run of a resident import")


_labels: dict[str, str] = {}


def register_purposes(choices: type[models.TextChoices]) -> None:
    for member in choices:
        _labels[member.value] = member.label


def is_registered(purpose: str) -> bool:
    return purpose in _labels


def purpose_label(purpose: str | None) -> str:
    """The label of a read purpose; a refusal's purpose is the URL name and shows as such."""
    if not purpose:
        return ""
    return str(_labels.get(purpose, purpose))
