"""Change requests and change notices (UPD-1 … UPD-5): open, confirm, approve, re-base, print.

A change request holds one ChangeItem per changed field: the value when opened and the value
proposed, both as text (the model field's own serialisation, turned back with `to_python`). Approval
applies the proposed values to the resident in the same transaction as the step, after a conflict
check: the record must be as it was when the request was opened (or re-based). The plain steps
(verify, reject, withdraw) go through `casework.engine.services.case_act`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.cases.pdf import case_slip_print
from casework.engine.services import case_open, lock_case, require_kind, take_step
from casework.models import (
    Case,
    CaseChannel,
    CaseKind,
    CaseMaterial,
    CaseSlip,
    CaseSlipKind,
    CaseStep,
    ChangeDeclaration,
    ChangeItem,
)
from residents.access.fields import (
    DETAIL_FIELDS,
    EDITABLE_FIELDS,
    FIELD_GROUPS,
    FIELD_LABELS,
    FieldGroup,
)
from residents.access.policy import FieldPolicy, policy_for
from residents.common.errors import ActionRefused
from residents.common.staff import display_name
from residents.common.validation import refuse_future
from residents.models import RegistrationStatus, Resident
from residents.people.presentation import as_text
from residents.people.services import (
    DuplicateIdNumber,
    apply_registration_fields,
    consent_refusal,
    existing_with_id_number,
    hukou_move_applied,
)

NOTICED = "noticed"
OPENED = "opened"
VERIFIED = "verified"
APPROVED = "approved"
# The update confirmation slip confirms an applied change (and may be printed again).
PRINTABLE_STATUSES = frozenset({APPROVED, "closed"})
# Statuses in which the request still waits to be applied: conflicts matter only then.
PENDING_STATUSES = frozenset({OPENED, VERIFIED})

OPEN_PERMISSION = "casework.add_case"
PRINT_PERMISSION = "casework.change_case"
# Changes of comprehensive or key-person information are approved by managers.
MANAGER_PERMISSION = "casework.approve_case"
MANAGER_GROUPS = (FieldGroup.SENSITIVE, FieldGroup.KEY_PERSON)

SLIP_TEMPLATE = "casework/pdf/update_slip.html"
SUBJECT_MAX_LENGTH = 200


# Values as text, and as a user may see them ----------------------------------------------


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def _model_field(field: str):
    try:
        return Resident._meta.get_field(field)
    except FieldDoesNotExist:
        return None


def value_to_text(field: str, value: Any) -> str:
    """A resident field's value as a ChangeItem stores it (Django's own serialisation)."""
    model_field = Resident._meta.get_field(field)
    if isinstance(value, list):
        # The order of ticked documents carries no meaning.
        value = sorted(value)
    return model_field.value_to_string(SimpleNamespace(**{model_field.attname: value}))


def value_from_text(field: str, text: str) -> Any:
    """The typed value back from its stored text (the model field's to_python)."""
    model_field = Resident._meta.get_field(field)
    if text == "" and model_field.null:
        return None
    return model_field.to_python(text)


def value_display(field: str, value: Any) -> str:
    """Readable text of a typed value: choice labels, dates, yes/no, "—" for empty."""
    # A one-field resident lets the registration's own formatter label choices.
    return as_text(Resident(**{field: value}), field, value)


def shown_display(policy: FieldPolicy, field: str, value, resident: Resident) -> str | None:
    """A typed value of the resident's as this user may see it (in full or masked), or None:
    not shown."""
    if not (policy.can_see(field) or policy.can_see_masked(field)):
        return None
    return value_display(field, policy.shown_value(field, value, resident=resident))


def shown_text(policy: FieldPolicy, field: str, text: str, resident: Resident) -> str | None:
    """`shown_display` for a value stored as text on a change item."""
    return shown_display(policy, field, value_from_text(field, text), resident)


def needs_manager(fields) -> bool:
    return any(field in FIELD_GROUPS[group] for group in MANAGER_GROUPS for field in fields)


def approval_permission(fields) -> str:
    """What approving a change of these fields needs on top of the step's own permission."""
    return MANAGER_PERMISSION if needs_manager(fields) else ""


def field_order(field: str) -> int:
    return DETAIL_FIELDS.index(field) if field in DETAIL_FIELDS else len(DETAIL_FIELDS)


# Opening -----------------------------------------------------------------------------------


def _lock_resident(pk: int) -> Resident:
    return Resident.objects.select_for_update().get(pk=pk)


def change_preview(
    *, resident: Resident, actor, proposed: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """(field, old text, new text) of each field a request with `proposed` would change,
    checked as opening it would check them, saving nothing: the confirmation step shows the
    clerk the typed values before the request is submitted."""
    return _proposed_items(resident, actor, proposed)


def _proposed_items(
    resident: Resident, actor, proposed: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """(field, old text, new text) of each field the request changes.

    A field the user sees in full becomes an item only when its value differs. A field the
    user may type but not read (write-only or masked) becomes an item whenever a value was
    typed: telling the user "this is the recorded value" would disclose it.
    """
    policy = policy_for(actor, resident)
    items = []
    for field in sorted(proposed, key=field_order):
        model_field = _model_field(field)
        if model_field is None or field not in EDITABLE_FIELDS or not policy.can_edit(field):
            raise ActionRefused(
                _("You may not change the field “%(field)s” of this record.")
                % {"field": field_label(field)}
            )
        new_text = value_to_text(field, proposed[field])
        try:
            model_field.clean(value_from_text(field, new_text), resident)
        except ValidationError as invalid:
            raise ActionRefused(
                _("%(field)s: %(problem)s")
                % {"field": field_label(field), "problem": " ".join(invalid.messages)}
            ) from invalid
        old_text = value_to_text(field, getattr(resident, field))
        if old_text != new_text or not policy.sees_in_full(resident, field):
            items.append((field, old_text, new_text))
    if not items:
        raise ActionRefused(
            _("Nothing would change: enter a new value for at least one field.")
        )
    changes = dict((field, new) for field, _old, new in items)
    if "id_number" in changes:
        existing = existing_with_id_number(changes["id_number"], exclude_pk=resident.pk)
        if existing is not None:
            raise DuplicateIdNumber(existing)
    return items


def _already_open(resident: Resident, fields) -> ActionRefused | None:
    item = (
        ChangeItem.objects.filter(resident=resident, field_name__in=list(fields), is_open=True)
        .select_related("case")
        .order_by("pk")
        .first()
    )
    if item is None:
        return None
    return ActionRefused(
        _("The field “%(field)s” already has an open change request, case %(number)s: "
          "finish or withdraw that one first.")
        % {"field": field_label(item.field_name), "number": item.case.number}
    )


def _create_items(case: Case, resident: Resident, items) -> None:
    # One open request per resident and field (a partial unique index): checked first for a
    # clear message, and by the database against a request opened at the same moment.
    refused = _already_open(resident, [field for field, _old, _new in items])
    if refused is not None:
        raise refused
    for field, old_text, new_text in items:
        item = ChangeItem(
            case=case, resident=resident, field_name=field, old_value=old_text,
            new_value=new_text,
        )
        item.full_clean(validate_constraints=False)
        item.save()


def _subject(items) -> str:
    labels = "、".join(field_label(field) for field, _old, _new in items)
    subject = _("Change of %(fields)s") % {"fields": labels}
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
    return subject


def _clean_documents(documents: str) -> str:
    documents = " ".join(documents.split())
    if not documents:
        raise ActionRefused(_("Record which documents were checked for the change."))
    return documents


def _require_verified(resident: Resident) -> None:
    if resident.status != RegistrationStatus.VERIFIED:
        raise ActionRefused(
            _("Only verified records change through a change request; a registration not yet "
              "verified is corrected directly.")
        )


def declaration_record(
    *, case: Case, happened_on: datetime.date | None
) -> ChangeDeclaration | None:
    """Record when the change happened; past CHANGE_DECLARATION_DAYS it is late (REG-10)."""
    if happened_on is None:
        return None
    refuse_future(happened_on, field="happened_on")
    today = timezone.localdate()
    limit = settings.CHANGE_DECLARATION_DAYS
    declaration = ChangeDeclaration(
        case=case, happened_on=happened_on, declared_on=today, limit_days=limit,
        is_late=(today - happened_on).days > limit,
    )
    declaration.full_clean()
    declaration.save()
    return declaration


def _guarded(resident_pk: int, fields, work):
    """Run `work` in one transaction; a clash on the one-open-request index is refused."""
    try:
        with transaction.atomic():
            return work()
    except IntegrityError as exc:
        refused = _already_open(Resident(pk=resident_pk), fields)
        if refused is None:
            raise
        raise refused from exc


def change_request_open(
    *,
    resident: Resident,
    actor,
    proposed: Mapping[str, Any],
    reason: str,
    documents: str,
    happened_on: datetime.date | None = None,
) -> Case:
    """Open a change request (UPD-1) for the fields whose proposed value differs.

    `proposed` maps fields to typed values (validated with the registration's rules by the
    form); fields the actor may not change are refused. The documents checked are recorded as
    a received material of the case.
    """
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("State the reason for the change."))
    documents = _clean_documents(documents)
    if not actor.has_perm(OPEN_PERMISSION):
        raise ActionRefused(_("You are not allowed to open cases."))

    def work() -> Case:
        locked = _lock_resident(resident.pk)
        _require_verified(locked)
        items = _proposed_items(locked, actor, proposed)
        case = case_open(
            kind=CaseKind.CHANGE,
            subject=_subject(items),
            actor=actor,
            time_limit_days=settings.CHANGE_TIME_LIMIT_DAYS,
            resident=locked,
            details=reason,
            materials=[(documents, True)],
            received=[documents],
        )
        _create_items(case, locked, items)
        declaration_record(case=case, happened_on=happened_on)
        return case

    return _guarded(resident.pk, proposed.keys(), work)


def change_notice_open(*, resident: Resident, actor, subject: str, details: str) -> Case:
    """Open a change notice (UPD-5): staff noticed a wrong or outdated record."""
    details = details.strip()
    if not details:
        raise ActionRefused(_("Describe what seems wrong or outdated."))
    with transaction.atomic():
        locked = _lock_resident(resident.pk)
        _require_verified(locked)
        return case_open(
            kind=CaseKind.CHANGE,
            subject=subject,
            actor=actor,
            time_limit_days=settings.CHANGE_NOTICE_TIME_LIMIT_DAYS,
            resident=locked,
            details=details,
            channel=CaseChannel.STAFF_NOTICE,
            status=NOTICED,
        )


def change_notice_confirm(
    *,
    case: Case,
    actor,
    proposed: Mapping[str, Any],
    reason: str,
    documents: str,
    happened_on: datetime.date | None = None,
) -> Case:
    """The resident confirms a notice at the window: it becomes a change request.

    The record as it is now is the baseline, and the time limit runs from today.
    """
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("State the reason for the change."))
    documents = _clean_documents(documents)
    require_kind(case, CaseKind.CHANGE)

    def work() -> Case:
        locked = lock_case(case)
        resident = _lock_resident(locked.resident_id)
        # The request's own time limit runs from the confirmation (restarts_clock).
        locked.time_limit_days = settings.CHANGE_TIME_LIMIT_DAYS
        take_step(locked, action="confirm", actor=actor, reason=reason, allow_special=True)
        _require_verified(resident)
        items = _proposed_items(resident, actor, proposed)
        _create_items(locked, resident, items)
        material = CaseMaterial(case=locked, name=documents, required=True, received=True)
        material.full_clean()
        material.save()
        locked.resident_updated_at = resident.updated_at
        locked.full_clean()
        locked.save(update_fields=["resident_updated_at", "time_limit_days"])
        declaration_record(case=locked, happened_on=happened_on)
        return locked

    return _guarded(case.resident_id, proposed.keys(), work)


# Conflicts, approval, re-basing ----------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """The record changed since the request was opened (or re-based)."""

    fields: tuple[str, ...]  # the request's fields whose recorded value changed

    @property
    def labels(self) -> str:
        return "、".join(field_label(field) for field in self.fields)


def change_conflict(case: Case, resident: Resident, items=None) -> Conflict | None:
    items = list(case.change_items.all()) if items is None else items
    fields = tuple(
        item.field_name for item in items
        if value_to_text(item.field_name, getattr(resident, item.field_name)) != item.old_value
    )
    if fields or resident.updated_at != case.resident_updated_at:
        return Conflict(fields=fields)
    return None


def _conflict_refusal(case: Case, conflict: Conflict) -> ActionRefused:
    if conflict.fields:
        message = _(
            "Case %(number)s cannot be applied: the record has changed since the request was "
            "opened (%(fields)s). Re-base the request on the current record and verify it "
            "again."
        ) % {"number": case.number, "fields": conflict.labels}
    else:
        message = _(
            "Case %(number)s cannot be applied: the record has been changed by someone else "
            "since the request was opened. Re-base the request on the current record and "
            "verify it again."
        ) % {"number": case.number}
    return ActionRefused(message)


def _validation_refusal(invalid: ValidationError) -> ActionRefused:
    if hasattr(invalid, "error_dict"):
        problems = [
            f"{field_label(field)}: {' '.join(messages)}"
            for field, messages in invalid.message_dict.items()
        ]
    else:
        problems = invalid.messages
    return ActionRefused(
        _("The change cannot be applied: %(problems)s") % {"problems": "; ".join(problems)}
    )


def change_approve(*, case: Case, actor, reason: str = "") -> Case:
    """Approve and apply (UPD-2, UPD-3): the record changes in the same transaction as the
    step, and auditlog keeps the old values in the resident's history."""
    require_kind(case, CaseKind.CHANGE)
    with transaction.atomic():
        locked = lock_case(case)
        items = list(locked.change_items.filter(is_open=True))
        fields = [item.field_name for item in items]
        take_step(
            locked, action="approve", actor=actor, reason=reason, allow_special=True,
            permission=approval_permission(fields),
        )
        if not items:
            raise ActionRefused(
                _("Case %(number)s names no field to change: confirm it with the resident "
                  "first.") % {"number": locked.number}
            )
        resident = _lock_resident(locked.resident_id)
        conflict = change_conflict(locked, resident, items)
        if conflict is not None:
            raise _conflict_refusal(locked, conflict)
        # Applied as registration applies values: derived fields (the pinyin sort key, the
        # consent timestamp) are recomputed by the same code.
        changed = apply_registration_fields(
            resident,
            {item.field_name: value_from_text(item.field_name, item.new_value) for item in items},
        )
        refused = consent_refusal(resident)
        if refused is not None:  # voluntary information needs the resident's consent (PRI-1)
            raise refused
        try:
            resident.full_clean()
        except ValidationError as invalid:
            raise _validation_refusal(invalid) from invalid
        resident.save(update_fields=[*changed, "updated_at"])
        if "hukou_location" in changed:
            # The move joins the household registration history, dated when it happened.
            declaration = ChangeDeclaration.objects.filter(case=locked).first()
            old = next(i.old_value for i in items if i.field_name == "hukou_location")
            hukou_move_applied(
                resident=resident, actor=actor, from_place=old,
                moved_on=declaration.happened_on if declaration else timezone.localdate(),
            )
        # Applied: the fields are free for the next request.
        ChangeItem.objects.filter(case=locked, is_open=True).update(is_open=False)
    return locked


def change_rebase(*, case: Case, actor, reason: str) -> Case:
    """After a conflict, take the record as it is now as the baseline; verify again."""
    require_kind(case, CaseKind.CHANGE)
    with transaction.atomic():
        locked = lock_case(case)
        take_step(locked, action="rebase", actor=actor, reason=reason, allow_special=True)
        resident = _lock_resident(locked.resident_id)
        items = list(locked.change_items.filter(is_open=True))
        if change_conflict(locked, resident, items) is None:
            raise ActionRefused(
                _("Case %(number)s has no conflict: the record has not changed since the "
                  "request was opened.") % {"number": locked.number}
            )
        for item in items:
            item.old_value = value_to_text(item.field_name, getattr(resident, item.field_name))
            item.save(update_fields=["old_value"])
        locked.resident_updated_at = resident.updated_at
        locked.save(update_fields=["resident_updated_at"])
    return locked


# The update confirmation slip (UPD-4) --------------------------------------------------------


def change_reason(case: Case) -> str:
    """The reason for the change: given at opening, or when the resident confirmed a notice."""
    if case.channel == CaseChannel.STAFF_NOTICE:
        step = case.steps.filter(action="confirm").order_by("-acted_at", "-pk").first()
        if step is not None:
            return step.decision_reason
    return case.details


def approval_step(case: Case) -> CaseStep | None:
    return (
        case.steps.filter(action="approve").select_related("actor")
        .order_by("-acted_at", "-pk").first()
    )


def slip_rows(case: Case, policy: FieldPolicy) -> list[dict]:
    """Field, old and new value of each item, as the printing user may see them."""
    items = sorted(
        case.change_items.all(), key=lambda item: (field_order(item.field_name), item.pk)
    )
    return [
        {
            "field": item.field_name,
            "label": field_label(item.field_name),
            "old": shown_text(policy, item.field_name, item.old_value, case.resident),
            "new": shown_text(policy, item.field_name, item.new_value, case.resident),
        }
        for item in items
    ]


def change_slip_print(
    *, case: Case, actor, policy: FieldPolicy, reprint_reason: str = ""
) -> tuple[CaseSlip, bytes]:
    """The update confirmation slip (更新确认单) of an applied change, for the resident's
    signature; values masked as the printing user must see them."""
    require_kind(case, CaseKind.CHANGE)
    if not actor.has_perm(PRINT_PERMISSION):
        raise ActionRefused(_("You are not allowed to print slips of a case."))
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status not in PRINTABLE_STATUSES:
            raise ActionRefused(
                _("Case %(number)s is not approved yet: the update confirmation slip follows "
                  "the approval.") % {"number": locked.number}
            )
        step = approval_step(locked)
        resident = locked.resident
        content = {
            "resident_name": policy.display_value(resident, "name") or "",
            "archive_number": policy.display_value(resident, "archive_number") or "",
            "rows": slip_rows(locked, policy),
            "reason": change_reason(locked),
            "approved_at": timezone.localtime(step.acted_at) if step else None,
            "approver": display_name(step.actor) if step and step.actor else "",
        }
        return case_slip_print(
            case=locked, kind=CaseSlipKind.UPDATE_CONFIRMATION, actor=actor,
            template=SLIP_TEMPLATE,
            context={**content, "approver_user": step.actor if step else None},
            content=content, reprint_reason=reprint_reason,
        )
