"""The one place that decides which resident fields a user may see and change (ACC-1, ACC-2).

Field groups are declared once; forms, pages, lists, PDFs and audit masking all ask
`policy_for(user)` instead of deciding on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from residents.access.fields import (
    AFTER_BIRTH_FIELDS,
    EDITABLE_FIELDS,
    FIELD_GROUPS,
    FULL_WITH,
    FieldGroup,
)
from residents.access.masking import mask_birth_date, mask_id_number, mask_phone, year_only
from residents.models import (
    ContactKind,
    ContactRecord,
    Emergency,
    EmergencyFollowUp,
    EmergencyKind,
    HardshipEntry,
    HelpLedgerEntry,
    HouseholdMembership,
    KeyPersonEntry,
    KeyPersonVisit,
    Participation,
    Recheck,
    ResidentUserObjectPermission,
    SelfReport,
    ServiceKind,
    ServiceRecord,
    SocialContact,
    StatusChange,
    VolunteerMembership,
)

# The model permission that opens each group for viewing.
VIEW_PERMISSIONS = {
    FieldGroup.BASIC: "residents.view_resident",
    FieldGroup.SERVICE_NEEDS: "residents.view_service_needs",
    FieldGroup.FEEDBACK: "residents.view_feedback",
    FieldGroup.SENSITIVE: "residents.view_sensitive",
    FieldGroup.KEY_PERSON: "residents.view_key_person",
}

# Records about a resident belong to a field group as a whole; `record_group` decides.
RECORD_GROUPS: dict[type, FieldGroup] = {
    SocialContact: FieldGroup.SENSITIVE,
    HouseholdMembership: FieldGroup.SENSITIVE,
    StatusChange: FieldGroup.SENSITIVE,
    HardshipEntry: FieldGroup.SENSITIVE,
    HelpLedgerEntry: FieldGroup.SENSITIVE,
    KeyPersonEntry: FieldGroup.KEY_PERSON,
    KeyPersonVisit: FieldGroup.KEY_PERSON,
    ContactRecord: FieldGroup.SERVICE_NEEDS,
    Emergency: FieldGroup.SERVICE_NEEDS,
    EmergencyFollowUp: FieldGroup.SERVICE_NEEDS,
    ServiceRecord: FieldGroup.SERVICE_NEEDS,
    Participation: FieldGroup.BASIC,
    VolunteerMembership: FieldGroup.BASIC,
    Recheck: FieldGroup.BASIC,
    # A resident's own report reaches staff as online feedback (TRK-5).
    SelfReport: FieldGroup.FEEDBACK,
}
# Applications that reveal economic status (PRI-3) are comprehensive information.
# Health files, health management and counselling reveal health status (CLS-4).
SENSITIVE_SERVICE_KINDS = frozenset({
    ServiceKind.DIBAO, ServiceKind.TEKUN, ServiceKind.HEALTH_FILE,
    ServiceKind.HEALTH_MANAGEMENT, ServiceKind.COUNSELLING,
})


def service_kind_group(kind: str) -> FieldGroup:
    """The field group of a service record of this kind."""
    if kind in SENSITIVE_SERVICE_KINDS:
        return FieldGroup.SENSITIVE
    return RECORD_GROUPS[ServiceRecord]


# Emergencies that reveal health status (serious illness) are comprehensive information; the
# others (disaster, accident) are service needs.
SENSITIVE_EMERGENCY_KINDS = frozenset({EmergencyKind.ILLNESS})


def emergency_kind_group(kind: str) -> FieldGroup:
    if kind in SENSITIVE_EMERGENCY_KINDS:
        return FieldGroup.SENSITIVE
    return RECORD_GROUPS[Emergency]


# Records of other apps whose group depends on their content (casework's cases), registered
# from their AppConfig.ready(): model → (group of a record, "does this user handle it?").
_RECORD_KINDS: dict[type, tuple[Callable[[Any], FieldGroup], Callable[[Any, Any], bool]]] = {}


def register_record_kind(
    model: type, *, group: Callable[[Any], FieldGroup], handled_by: Callable[[Any, Any], bool]
) -> None:
    _RECORD_KINDS[model] = (group, handled_by)


def record_group(record) -> FieldGroup:
    """The field group a tracking, register, household or activity record (or a registered
    record of another app, such as a case) belongs to."""
    model = type(record)
    if model is ServiceRecord:
        return service_kind_group(record.kind)
    if model is ContactRecord and record.kind == ContactKind.ONLINE:
        return FieldGroup.FEEDBACK
    if model is Emergency:
        return emergency_kind_group(record.kind)
    if model is EmergencyFollowUp:
        return emergency_kind_group(record.emergency.kind)
    if model in _RECORD_KINDS:
        return _RECORD_KINDS[model][0](record)
    return RECORD_GROUPS[model]


def handles_record(user, record) -> bool:
    """Whether the user handles the record: recorded an emergency or one of its follow-ups,
    opened a case or took one of its steps (as registered for the record's model)."""
    if not user.is_authenticated:
        return False
    model = type(record)
    if model is EmergencyFollowUp:
        record = record.emergency
        model = Emergency
    if model is Emergency:
        return record.recorded_by_id == user.pk or record.follow_ups.filter(
            recorded_by=user
        ).exists()
    if model in _RECORD_KINDS:
        return _RECORD_KINDS[model][1](record, user)
    return False


def sees_details(policy: FieldPolicy, group: FieldGroup, *, handles: bool) -> bool:
    """THE rule for a record or case about a resident (ACC-1, AFF-7): its details show to
    whoever may see its field group on that resident, and the details of a sensitive one
    (低保, 特困, disability, serious illness) also to the staff who handle it. Everyone else
    sees at most that a case exists, under a neutral label."""
    if policy.can_see_group(group):
        return True
    return group == FieldGroup.SENSITIVE and handles and policy.may_see_residents


def may_see_record(user, policy: FieldPolicy, record) -> bool:
    """`sees_details` for one record; who handles it is asked only when it matters."""
    group = record_group(record)
    if policy.can_see_group(group):
        return True
    return sees_details(policy, group, handles=handles_record(user, record))


# Fields that users with the basic group see in masked form where they may not see them in
# full: sensitive fields instead of not at all, and fields that would rebuild another field's
# mask (`full_with` in residents.access.fields). Everything one user may see together must
# leave at least 10,000 possible ID numbers: with the area code (from the address), the sex
# and the birth year shown, the masks below leave about 182,500 (see masking.py).
MASKED_FORMS: dict[str, Callable] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "birth_date": mask_birth_date,
}
# Lists mask these whatever the role (a list is read over the shoulder).
LIST_MASKED = frozenset({"id_number", "phone"})
# Masked values a front-desk user may reveal one at a time, for a stated reason (audited).
REVEALABLE = ("id_number", "phone")

@dataclass(frozen=True)
class FieldPolicy:
    groups: frozenset[FieldGroup]
    can_change: bool

    @property
    def may_see_residents(self) -> bool:
        return FieldGroup.BASIC in self.groups

    def can_see(self, field: str) -> bool:
        """May the user see the field's value in full?"""
        if not any(field in FIELD_GROUPS[group] for group in self.groups):
            return False
        return field not in FULL_WITH or self.can_see(FULL_WITH[field])

    @property
    def birth_year_only(self) -> bool:
        """Does the user see only the birth year? What is derived from the birth date (age
        groups, their filters) is then derived from the year alone."""
        return not self.can_see("birth_date")

    def can_see_masked(self, field: str) -> bool:
        return not self.can_see(field) and self.may_see_residents and field in MASKED_FORMS

    def display_value(self, resident, field: str) -> str | None:
        """The value as this user may see it: in full, masked, or None (not shown at all)."""
        return self.shown_value(field, getattr(resident, field), resident=resident)

    def shown_value(self, field: str, value, *, resident=None) -> str | None:
        """`display_value` for a value held elsewhere (e.g. the old or proposed value of a
        change request): in full, masked, or None (not shown at all). `resident`: whose
        value it is (without it, a date that may bound the birth date shows as its year)."""
        if self.can_see(field):
            if self._bounds_birth_day(field, value, resident):
                return year_only(value)
            return value
        if self.can_see_masked(field):
            return MASKED_FORMS[field](value)
        return None

    def sees_in_full(self, resident, field: str) -> bool:
        """Does the user see this resident's value of the field unmasked?"""
        return self.can_see(field) and not self._bounds_birth_day(
            field, getattr(resident, field), resident
        )

    def _bounds_birth_day(self, field: str, value, resident) -> bool:
        # A date in the birth year that cannot precede the birth tells the latest possible
        # day of birth: too much for a user who sees only the year.
        if field not in AFTER_BIRTH_FIELDS or not value or not self.birth_year_only:
            return False
        return resident is None or value.year == resident.birth_date.year

    def list_value(self, resident, field: str) -> str | None:
        """The value as a list shows it: ID numbers and phones masked whatever the role."""
        value = self.display_value(resident, field)
        if value and field in LIST_MASKED and self.can_see(field):
            return MASKED_FORMS[field](value)
        return value

    def can_edit(self, field: str) -> bool:
        """May this user enter or correct the field on an unverified registration?"""
        return self.can_change and field in EDITABLE_FIELDS

    def is_write_only(self, field: str, resident=None) -> bool:
        """Fields a user may type (from the documents in hand) but not read back (in full)."""
        if resident is None:
            return self.can_edit(field) and not self.can_see(field)
        return self.can_edit(field) and not self.sees_in_full(resident, field)

    def can_see_group(self, group: FieldGroup) -> bool:
        return group in self.groups

    def can_see_groups(self, groups) -> bool:
        """May the user see every one of these groups (FieldGroup values)?"""
        return all(FieldGroup(group) in self.groups for group in groups)

    def groups_shown_in_full(self, fields) -> list[str]:
        """The groups of those `fields` this user sees in full: what a print of them carries
        (a masked value carries nothing of its group)."""
        return sorted(
            {group.value for group, names in FIELD_GROUPS.items() for field in fields
             if field in names and self.can_see(field)}
        )

    def can_see_record(self, record) -> bool:
        return record_group(record) in self.groups

    def shown_groups(self) -> list[str]:
        """Group names recorded in read-log entries (masked values count as shown)."""
        return sorted(group.value for group in self.groups)


NO_ACCESS = FieldPolicy(frozenset(), can_change=False)
# What a resident sees of their own record on paper (a query result slip, after an identity
# check): every field of these groups, in full. The key-person register is the centre's
# working register, not the resident's registration.
OWN_RECORD_POLICY = FieldPolicy(
    groups=frozenset({FieldGroup.BASIC, FieldGroup.SERVICE_NEEDS, FieldGroup.SENSITIVE}),
    can_change=False,
)
CODENAME_GROUPS = {perm.split(".")[1]: group for group, perm in VIEW_PERMISSIONS.items()}


def _role_policy(user) -> FieldPolicy:
    """What the user's roles allow on every resident (model permissions)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_resident_role_policy", None)
    if cached is not None:
        return cached
    groups = frozenset(group for group, perm in VIEW_PERMISSIONS.items() if user.has_perm(perm))
    if FieldGroup.BASIC not in groups:
        groups = frozenset()
    policy = FieldPolicy(groups=groups, can_change=user.has_perm("residents.change_resident"))
    user._resident_role_policy = policy
    return policy


def granted_codenames(user, resident_ids) -> dict[int, set[str]]:
    """Object permissions from approved, unexpired grants, per resident (one query).

    Expiry is checked here, when read, so a grant stops working at its expiry instant
    whether or not the expiry job has run.
    """
    if not user.is_authenticated or not user.is_active:
        return {}
    rows = (
        ResidentUserObjectPermission.objects.in_force()
        .filter(user=user, content_object_id__in=list(resident_ids))
        .values_list("content_object_id", "permission__codename")
    )
    result: dict[int, set[str]] = {}
    for resident_id, codename in rows:
        result.setdefault(resident_id, set()).add(codename)
    return result


def _with_grants(role: FieldPolicy, codenames: set[str]) -> FieldPolicy:
    granted = frozenset(CODENAME_GROUPS[c] for c in codenames if c in CODENAME_GROUPS)
    if FieldGroup.BASIC not in granted:
        return role
    return FieldPolicy(groups=role.groups | granted, can_change=role.can_change)


def policy_for(user, resident=None) -> FieldPolicy:
    """Which fields of this resident (or of residents in general) the user may see and change."""
    role = _role_policy(user)
    if resident is None or role.may_see_residents and FieldGroup.SENSITIVE in role.groups:
        return role
    codenames = granted_codenames(user, [resident.pk]).get(resident.pk, set())
    return _with_grants(role, codenames)


def policies_for(user, residents) -> dict[int, FieldPolicy]:
    """`policy_for` for every resident of a list, with one query for all their grants."""
    role = _role_policy(user)
    if role.may_see_residents and FieldGroup.SENSITIVE in role.groups:
        return {resident.pk: role for resident in residents}
    granted = granted_codenames(user, [resident.pk for resident in residents])
    return {
        resident.pk: _with_grants(role, granted.get(resident.pk, set())) for resident in residents
    }


def object_permission_codenames(user, resident) -> set[str]:
    """Codenames the user holds on this resident, roles and grants together (for has_perm)."""
    policy = policy_for(user, resident)
    return {VIEW_PERMISSIONS[group].split(".")[1] for group in policy.groups}
