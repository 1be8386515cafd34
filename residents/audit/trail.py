"""The audit trail (ACC-4) as auditors and managers read it: which entries, and how each reads.

`audit_entries` is the selector: it refuses users without `auditlog.view_logentry` and narrows
the log by resident, staff member, action and date. `display_entries` turns a page (or an
export chunk) of entries into rows with a fixed number of queries, whatever the page size.

The trail shows who did what to which record, never the resident's data itself: objects are
named by record number and archive number only, values of personal fields of a resident are
not shown, and sensitive fields are masked again here whatever the log holds (defence in depth
behind auditlog's own mask). LogEntry.changes_str / changes_display_dict are not used: they
resolve values through the models and fail on our JSON-stored changes; `entry.changes` is read
directly instead.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import CharField, DateTimeField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from residents.access.fields import (
    FIELD_LABELS,
    GROUP_LABELS,
    SENSITIVE_FIELDS,
    TRAIL_FIELDS,
    FieldGroup,
)
from residents.access.policy import RECORD_GROUPS, policies_for
from residents.audit.context import DeniedReason, Event
from residents.audit.purposes import purpose_label
from residents.audit.sealing import UNREADABLE, data_keys, is_sealed, unseal
from residents.common.staff import roles_of, staff_number, staff_role_label
from residents.models import (
    AccessGrant,
    Household,
    Resident,
    ResidentUserObjectPermission,
    Slip,
)

VIEW_PERMISSION = "auditlog.view_logentry"
MASK = "******"


class TrailAction:
    """Values of the trail's action filter."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ACCESS = "access"
    REVEAL = "reveal"
    DENIED = "denied"
    GRANT = "grant"
    EXPORT = "export"
    SIGN_IN = "sign_in"


ACTION_CHOICES = [
    (TrailAction.CREATE, gettext_lazy("Created")),
    (TrailAction.UPDATE, gettext_lazy("Changed")),
    (TrailAction.DELETE, gettext_lazy("Deleted")),
    (TrailAction.ACCESS, gettext_lazy("Viewed")),
    (TrailAction.REVEAL, gettext_lazy("Revealed a masked value")),
    (TrailAction.DENIED, gettext_lazy("Refused attempt")),
    (TrailAction.GRANT, gettext_lazy("Exceptional access grants")),
    (TrailAction.EXPORT, gettext_lazy("Exported")),
    (TrailAction.SIGN_IN, gettext_lazy("Sign-ins and password changes")),
]

# Sign-ins, sign-outs, password changes and the second factor (residents.audit.accounts).
ACCOUNT_EVENT_LABELS = {
    Event.LOGIN: gettext_lazy("Signed in"),
    Event.LOGIN_FAILED: gettext_lazy("Failed sign-in"),
    Event.LOGOUT: gettext_lazy("Signed out"),
    Event.PASSWORD_CHANGED: gettext_lazy("Changed password"),
    Event.OTP_ENROLLED: gettext_lazy("Set up two-step verification"),
    Event.OTP_VERIFIED: gettext_lazy("Passed two-step verification"),
    Event.OTP_FAILED: gettext_lazy("Wrong verification code"),
    Event.OTP_RECOVERY_CODE_USED: gettext_lazy("Signed in with a recovery code"),
    Event.OTP_RESET: gettext_lazy("Reset two-step verification"),
}

# Fields of a resident whose values the trail shows (`trail` in residents.access.fields):
# workflow facts, not personal data. Every other resident field is named but its value is not
# shown (new fields stay hidden).
# Other fields whose values may carry personal data (an uploaded file's name, a home address).
HIDDEN_FIELDS = {Slip: frozenset({"signed_document"}), Household: frozenset({"address"})}


def trail_hidden_fields(model, fields) -> None:
    """Fields of another app's model whose values the trail never shows (registered from its
    AppConfig.ready()): e.g. what a case is about, which may tell a resident's status."""
    HIDDEN_FIELDS[model] = HIDDEN_FIELDS.get(model, frozenset()) | frozenset(fields)

# How the trail names values and field groups that other apps define (registered from their
# AppConfig.ready()): a case's status is stored as its engine state ("opened"), a case page
# records reads of its applicant under a group of its own.
VALUE_LABELS: dict[tuple[type, str], Callable[[str], object]] = {}
EXTRA_GROUP_LABELS: dict[str, object] = {}


def trail_value_labels(model, fields, labeler: Callable[[str], object]) -> None:
    """The trail shows a stored value of these fields as `labeler(value)`."""
    for name in fields:
        VALUE_LABELS[(model, name)] = labeler


def trail_group_label(group: str, label) -> None:
    EXTRA_GROUP_LABELS[group] = label


# Labels of bookkeeping fields whose models give no translated verbose name; with the model
# fields' own verbose names and residents.access.fields they name every field the trail shows
# in the reader's language (a test checks every audited model).
FALLBACK_FIELD_LABELS = {
    "attachment_sha256": gettext_lazy("Attachment fingerprint (SHA-256)"),
    "consent_recorded_at": gettext_lazy("Consent recorded at"),
    "content_hash": gettext_lazy("Content fingerprint"),
    "content_object": gettext_lazy("Resident record"),
    "created_at": gettext_lazy("Created at"),
    "data": gettext_lazy("Imported data"),
    "expires_at": gettext_lazy("Expires at"),
    "grant": gettext_lazy("Access grant"),
    "linked_at": gettext_lazy("Linked at"),
    "linked_by": gettext_lazy("Linked by"),
    "name_sort_key": gettext_lazy("Name sort key"),
    "permission": gettext_lazy("Permission"),
    "remote_addr": gettext_lazy("IP address"),
    "report": gettext_lazy("Information report"),
    "resident_updated_at": gettext_lazy("Resident record updated at"),
    "sha256": gettext_lazy("File fingerprint (SHA-256)"),
    "signed_recorded_at": gettext_lazy("Signature recorded at"),
    "updated_at": gettext_lazy("Updated at"),
    "user": gettext_lazy("Staff account"),
}

DENIED_REASONS = {
    DeniedReason.NOT_FOUND: gettext_lazy("record not visible to this user"),
    DeniedReason.FORBIDDEN: gettext_lazy("action not permitted"),
    DeniedReason.ID_MISMATCH: gettext_lazy("the ID number typed did not match the record"),
    DeniedReason.ID_CHECK_LIMIT: gettext_lazy(
        "refused after too many wrong ID numbers, without checking"
    ),
}


# --- selecting entries ----------------------------------------------------------------------


def may_read_trail(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(VIEW_PERMISSION))


def resident_pk_for_archive_number(archive_number: str) -> int | None:
    """Only the record number: the trail names residents by numbers, never by their data."""
    return (
        Resident.objects.filter(archive_number__iexact=archive_number.strip())
        .values_list("pk", flat=True)
        .first()
    )


def pks_as_text(queryset: QuerySet, column: str = "pk") -> QuerySet:
    return queryset.annotate(pk_text=Cast(column, output_field=CharField())).values("pk_text")


def resident_condition(resident_pk: int) -> Q:
    """Entries about one resident: the record itself, its slips, grants and object permissions."""
    types = ContentType.objects.get_for_models(
        Resident, Slip, AccessGrant, ResidentUserObjectPermission
    )
    permissions = types[ResidentUserObjectPermission]
    return (
        Q(content_type=types[Resident], object_pk=str(resident_pk))
        | Q(
            content_type=types[Slip],
            object_pk__in=pks_as_text(Slip.objects.filter(resident_id=resident_pk)),
        )
        | Q(
            content_type=types[AccessGrant],
            object_pk__in=pks_as_text(AccessGrant.objects.filter(resident_id=resident_pk)),
        )
        # Object permissions are deleted when a grant ends; their entries still name the resident.
        | Q(content_type=permissions, changes__content_object__contains=[resident_pk])
        | Q(content_type=permissions, changes__content_object__contains=[str(resident_pk)])
        | Q(
            content_type=permissions,
            object_pk__in=pks_as_text(
                ResidentUserObjectPermission.objects.filter(content_object_id=resident_pk)
            ),
        )
    )


def action_condition(action: str) -> Q:
    access = Q(action=LogEntry.Action.ACCESS)
    conditions = {
        TrailAction.CREATE: Q(action=LogEntry.Action.CREATE),
        TrailAction.UPDATE: Q(action=LogEntry.Action.UPDATE),
        TrailAction.DELETE: Q(action=LogEntry.Action.DELETE),
        TrailAction.ACCESS: access & Q(additional_data__event=Event.READ),
        TrailAction.REVEAL: access & Q(additional_data__event=Event.REVEAL),
        TrailAction.DENIED: access & Q(additional_data__event=Event.DENIED),
        TrailAction.EXPORT: access & Q(additional_data__event=Event.EXPORT),
        TrailAction.SIGN_IN: access & Q(additional_data__event__in=list(Event.ACCOUNT_EVENTS)),
    }
    if action == TrailAction.GRANT:
        types = ContentType.objects.get_for_models(AccessGrant, ResidentUserObjectPermission)
        return Q(content_type__in=list(types.values()))
    return conditions[action]


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a calendar day at the centre (Asia/Shanghai, the project's TIME_ZONE)."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def audit_entries(user, *, filters: Mapping | None = None) -> QuerySet[LogEntry]:
    """Log entries the user may read, newest first, narrowed by the trail's filters.

    filters: resident (resident pk), actor (user pk), action (a TrailAction value),
    date_from / date_to (dates at the centre, both inclusive). Missing or empty means "any".
    """
    if not may_read_trail(user):
        raise PermissionDenied
    filters = filters or {}
    entries = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-pk"
    )
    if filters.get("resident") is not None:
        entries = entries.filter(resident_condition(filters["resident"]))
    if filters.get("actor") is not None:
        entries = entries.filter(actor_id=filters["actor"])
    if filters.get("action"):
        entries = entries.filter(action_condition(filters["action"]))
    if filters.get("date_from"):
        entries = entries.filter(timestamp__gte=day_start(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(
            timestamp__lt=day_start(filters["date_to"] + datetime.timedelta(days=1))
        )
    return entries


# --- reading one entry ----------------------------------------------------------------------


def _data(entry: LogEntry) -> dict:
    return entry.additional_data if isinstance(entry.additional_data, dict) else {}


def event_of(entry: LogEntry) -> str | None:
    return _data(entry).get("event")


def action_label(entry: LogEntry) -> str:
    if entry.action == LogEntry.Action.CREATE:
        return _("Created")
    if entry.action == LogEntry.Action.UPDATE:
        return _("Changed")
    if entry.action == LogEntry.Action.DELETE:
        return _("Deleted")
    return {
        Event.READ: _("Viewed"),
        Event.REVEAL: _("Revealed a masked value"),
        Event.DENIED: _("Refused attempt"),
        Event.EXPORT: _("Exported"),
        Event.IMPORT: _("Change proposed by an import"),
        **{event: str(label) for event, label in ACCOUNT_EVENT_LABELS.items()},
    }.get(event_of(entry), _("Accessed"))


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_shown_field(model, name: str) -> bool:
    """Skip the primary key and reverse relations (auditlog lists them as 'app.Model.None')."""
    model_field = _model_field(model, name)
    if model_field is None:
        return model is None
    return model_field.concrete and not model_field.primary_key


def field_label(model, name: str) -> str:
    if model is Resident and name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    model_field = _model_field(model, name)
    verbose_name = getattr(model_field, "verbose_name", None)
    # A verbose name given as a translatable string; Django's default (the field's name with
    # spaces) is a plain str and reads as English.
    if isinstance(verbose_name, Promise):
        return str(capfirst(verbose_name))
    if name in FALLBACK_FIELD_LABELS:
        return str(FALLBACK_FIELD_LABELS[name])
    return str(capfirst(verbose_name)) if verbose_name else name


def _has_value(value) -> bool:
    return value not in (None, "", "None", [], {})


def format_value(value) -> str:
    if not _has_value(value):
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, list):
        return "、".join(format_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _local_datetime(value) -> str | None:
    """auditlog writes datetimes as UTC text without an offset; show them at the centre's time."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M:%S")


def _field_value(model, name: str, value) -> str:
    """A logged value in words: choice labels, staff numbers for users, local times."""
    labeler = VALUE_LABELS.get((model, name))
    if labeler is not None and isinstance(value, str):
        return str(labeler(value))
    model_field = _model_field(model, name)
    if model_field is None:
        return format_value(value)
    if model_field.is_relation and model_field.related_model is not None:
        pk = _int(value)
        if pk is None:
            return format_value(value)
        if model_field.related_model is get_user_model():
            return staff_number(pk)
        if model_field.related_model is Resident:
            return _("Resident #%(pk)s") % {"pk": pk}
        return str(pk)
    choice_field = getattr(model_field, "base_field", model_field)
    if choice_field.choices:
        labels = {str(key): str(label) for key, label in choice_field.flatchoices}
        if isinstance(value, list):
            return "、".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if isinstance(model_field, DateTimeField):
        return _local_datetime(value) or format_value(value)
    return format_value(value)


def shown_value(model, name: str, value) -> str:
    """A logged value as the trail may show it: masked or withheld where it is personal data."""
    if not _has_value(value):
        return "—"
    if name in SENSITIVE_FIELDS:
        return MASK
    if model is Resident and name not in TRAIL_FIELDS:
        return _("(not shown)")
    if model is not None and model in RECORD_GROUPS:
        # Records about a resident: the trail says what changed, not to what.
        return _("(not shown)")
    if name in HIDDEN_FIELDS.get(model, ()):
        return _("(not shown)")
    return _field_value(model, name, value)


def _old_new(values) -> tuple:
    if isinstance(values, list | tuple) and len(values) == 2:
        return values[0], values[1]
    return None, values


def changed_fields(entry: LogEntry) -> list[str]:
    """Names of the fields a write changed (labels, in a stable order)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [field_label(model, name) for name in sorted(changes) if _is_shown_field(model, name)]


def change_rows(entry: LogEntry, sealed=None) -> list[tuple[str, str, str]]:
    """(field label, old value, new value) of a write, masked for the trail. `sealed`: how
    to read a resident's encrypted values (`SealedValues`); without it they are not shown."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for name in sorted(changes):
        if not _is_shown_field(model, name):
            continue
        value = changes[name]
        if isinstance(value, dict) and value.get("type") == "m2m":
            rows.append((field_label(model, name), *_membership_change(value)))
            continue
        old, new = _old_new(value)
        shown = []
        for item in (old, new):
            if is_sealed(item):
                shown.append(
                    sealed.shown(entry, name, item) if sealed is not None else _("(not shown)")
                )
            else:
                shown.append(shown_value(model, name, item))
        rows.append((field_label(model, name), *shown))
    return rows


class SealedValues:
    """Reads a page's encrypted resident values (ACC-14) for one viewer: a value is decrypted
    only when the viewer's field policy shows that field of that resident in full, and reads
    as destroyed once the resident's key is gone."""

    def __init__(self, viewer, entries: list[LogEntry]) -> None:
        resident_type = ContentType.objects.get_for_model(Resident)
        ids = {
            pk for entry in entries
            if entry.content_type_id == resident_type.pk
            and (pk := _int(entry.object_pk)) is not None
            and any(is_sealed(item) for values in (entry.changes or {}).values()
                    if isinstance(values, list) for item in values)
        } if isinstance(entries, list) else set()
        self.policies = (
            policies_for(viewer, [Resident(pk=pk) for pk in ids]) if viewer and ids else {}
        )
        readable = {pk for pk, policy in self.policies.items() if policy.may_see_residents}
        # One query: whose keys exist (a missing one was destroyed), unwrapped where readable.
        self.keys = data_keys(ids, unwrap=readable) if ids else {}
        self.destroyed = ids - set(self.keys)

    def shown(self, entry: LogEntry, name: str, token: str) -> str:
        resident_id = _int(entry.object_pk)
        if resident_id in self.destroyed:
            return _("(destroyed)")
        policy = self.policies.get(resident_id)
        if policy is None or not policy.can_see(name):
            return _("(not shown)")
        key = self.keys.get(resident_id)
        value = unseal(key, resident_id, name, token) if key else UNREADABLE
        if value is UNREADABLE:
            return _("(destroyed)")
        if not _has_value(value):
            return "—"
        return _field_value(Resident, name, value)


def _membership_change(value: dict) -> tuple[str, str]:
    """A many-to-many change (roles, permissions) as (removed, added) names."""
    names = "、".join(str(item) for item in value.get("objects") or []) or "—"
    if value.get("operation") == "delete":
        return names, "—"
    if value.get("operation") == "add":
        return "—", names
    return "—", _("(all removed)")


def group_labels(entry: LogEntry) -> str:
    labels = []
    for group in _data(entry).get("field_groups") or []:
        try:
            labels.append(str(GROUP_LABELS[FieldGroup(group)]))
        except ValueError:
            labels.append(str(EXTRA_GROUP_LABELS.get(group, group)))
    return "、".join(labels)


def purpose_text(entry: LogEntry, *, search_term: bool = True) -> str:
    """Why: the recorded purpose, with a reveal's field and reason or a refusal's cause, and a
    search's (masked) term and number of hits unless `search_term` is False: the resident's own
    report leaves them out, as they may describe other residents."""
    data = _data(entry)
    text = purpose_label(data.get("purpose"))
    event = data.get("event")
    if event == Event.REVEAL:
        field_name = data.get("field")
        if field_name:
            text = f"{text} ({field_label(Resident, field_name)})"
    if event == Event.DENIED and data.get("reason"):
        reason = DENIED_REASONS.get(data["reason"], data["reason"])
        text = f"{text} — {reason}" if text else str(reason)
    elif data.get("reason"):
        text = f"{text}: {data['reason']}" if text else str(data["reason"])
    if data.get("slip"):
        text = f"{text} [{data['slip']}]"
    if event == Event.LOGIN_FAILED and data.get("username"):
        text = _("Username tried: %(username)s") % {"username": data["username"]}
        if data.get("locked_out"):
            text = f"{text} ({_('locked out')})"
    if event == Event.OTP_FAILED and data.get("locked_out"):
        text = _("locked out")
    if event == Event.OTP_RECOVERY_CODE_USED and data.get("recovery_codes_left") is not None:
        text = _("Recovery codes left: %(count)s") % {"count": data["recovery_codes_left"]}
    if event == Event.EXPORT and data.get("rows") is not None:
        text = f"{text} ({_('%(rows)s rows') % {'rows': data['rows']}})"
    if search_term and data.get("term") is not None:
        # The term as logged: numbers in it were masked when the search was recorded.
        text = _("%(purpose)s: search term “%(term)s”, %(hits)s hits") % {
            "purpose": text, "term": data["term"], "hits": data.get("hits", "?"),
        }
    return text


# --- a page of rows -------------------------------------------------------------------------


@dataclass
class EntryRow:
    entry: LogEntry
    time: datetime.datetime
    actor_role: str
    staff_number: str
    username: str
    remote_addr: str
    action: str
    object: str
    is_write: bool
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    field_groups: str = ""
    purpose: str = ""

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{label}: {old} → {new}" for label, old, new in self.changes)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _permission_resident(entry: LogEntry) -> int | None:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    old, new = _old_new(changes.get("content_object"))
    return _int(new) if _int(new) is not None else _int(old)


class _Lookups:
    """What a page of entries needs from other tables, fetched once per page."""

    def __init__(self, entries: list[LogEntry]) -> None:
        types = ContentType.objects.get_for_models(
            Resident, Slip, AccessGrant, ResidentUserObjectPermission, LogEntry, get_user_model()
        )
        self.types = {content_type.pk: model for model, content_type in types.items()}
        pks: dict[type, set[int]] = {model: set() for model in types}
        for entry in entries:
            model = self.types.get(entry.content_type_id)
            pk = _int(entry.object_pk)
            if model is not None and pk is not None:
                pks[model].add(pk)
        self.slips = {
            pk: (resident_id, code)
            for pk, resident_id, code in Slip.objects.filter(pk__in=pks[Slip]).values_list(
                "pk", "resident_id", "verification_code"
            )
        } if pks[Slip] else {}
        self.grants = dict(
            AccessGrant.objects.filter(pk__in=pks[AccessGrant]).values_list("pk", "resident_id")
        ) if pks[AccessGrant] else {}
        self.permission_residents = {
            entry.pk: _permission_resident(entry)
            for entry in entries
            if self.types.get(entry.content_type_id) is ResidentUserObjectPermission
        }
        resident_pks = (
            pks[Resident]
            | {resident_id for resident_id, _code in self.slips.values()}
            | set(self.grants.values())
            | {pk for pk in self.permission_residents.values() if pk is not None}
        )
        self.archive_numbers = dict(
            Resident.objects.filter(pk__in=resident_pks, archive_number__isnull=False)
            .values_list("pk", "archive_number")
        ) if resident_pks else {}
        self.roles = roles_of(entry.actor_id for entry in entries)

    def resident_label(self, resident_pk: int | None) -> str:
        if resident_pk is None:
            return ""
        label = _("Resident #%(pk)s") % {"pk": resident_pk}
        archive_number = self.archive_numbers.get(resident_pk)
        return f"{label} · {archive_number}" if archive_number else label

    def object_label(self, entry: LogEntry) -> str:
        model = self.types.get(entry.content_type_id)
        pk = _int(entry.object_pk)
        if model is Resident:
            return self.resident_label(pk) if pk is not None else _("Resident")
        if model is LogEntry:
            return _("Audit trail")
        if model is get_user_model():
            if pk is None:
                return _("Staff account")
            return _("Staff account %(number)s") % {"number": staff_number(pk)}
        if model is Slip:
            resident_pk, code = self.slips.get(pk, (None, ""))
            label = _("Printed slip %(code)s") % {"code": code or f"#{entry.object_pk}"}
        elif model is AccessGrant:
            resident_pk = self.grants.get(pk)
            label = _("Access grant #%(pk)s") % {"pk": entry.object_pk}
        elif model is ResidentUserObjectPermission:
            resident_pk = self.permission_residents.get(entry.pk)
            label = _("Object permission #%(pk)s") % {"pk": entry.object_pk}
        else:
            name = entry.content_type.name if entry.content_type_id else ""
            return f"{capfirst(name)} #{entry.object_pk}".strip()
        resident = self.resident_label(resident_pk)
        return f"{label} · {resident}" if resident else label


def display_entries(entries: Iterable[LogEntry], *, viewer=None) -> list[EntryRow]:
    """Display rows for entries fetched by `audit_entries` (a fixed number of queries).
    `viewer`: whose field policy opens residents' encrypted values; without one none is."""
    entries = list(entries)
    lookups = _Lookups(entries)
    sealed = SealedValues(viewer, entries)
    tz = timezone.get_default_timezone()
    rows = []
    for entry in entries:
        actor = entry.actor
        is_write = entry.action != LogEntry.Action.ACCESS
        rows.append(
            EntryRow(
                entry=entry,
                time=timezone.localtime(entry.timestamp, tz),
                actor_role=staff_role_label(actor, role=lookups.roles.get(entry.actor_id)),
                staff_number=staff_number(actor) if actor is not None else "",
                username=actor.get_username() if actor is not None else "",
                remote_addr=entry.remote_addr or "",
                action=action_label(entry),
                object=lookups.object_label(entry),
                is_write=is_write,
                changes=change_rows(entry, sealed) if is_write else [],
                field_groups="" if is_write else group_labels(entry),
                purpose="" if is_write else purpose_text(entry),
            )
        )
    return rows
