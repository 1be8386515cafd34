"""Every state change of a resident registration and its slips (REG-1 … REG-7).

Each function runs in one transaction, locks the rows it changes, validates with full_clean()
and saves named fields only; auditlog records the write with the actor set by its middleware
(or by `residents.audit.context.acting_as` outside a request).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from residents.access.fields import EDITABLE_FIELDS, FIELD_LABELS, VOLUNTARY_FIELDS, FieldGroup
from residents.access.masking import mask_name
from residents.audit.querysets import record_bulk_creates
from residents.common import id_numbers
from residents.common.copy import copy_rows
from residents.common.errors import ActionRefused
from residents.common.numbering import archive_number_next
from residents.common.pdf import print_record_create, reprint_reason_checked
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future
from residents.documents.services import document_store
from residents.models import (
    DOCUMENTS_CARRYING_ID_NUMBER,
    Channel,
    DocumentKind,
    HukouMove,
    HukouMoveKind,
    IdentityDocument,
    RegistrationStatus,
    Resident,
    ResidentDocument,
    Slip,
    SlipKind,
)
from residents.notifications.services import notification_send
from residents.people.pdf import (
    render_registration_slip,
    slip_content_hash,
    slip_field_groups,
    slip_rows,
)

# Fields a registration form may set; everything else is managed by the workflow.

EDITABLE_STATUSES = (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)


class DuplicateIdNumber(ActionRefused):
    """Kept apart from other refusals: a page links the registered record (`existing_pk`)."""

    def __init__(self, existing_pk: int) -> None:
        super().__init__(
            _("A resident with this ID number is already registered."), field="id_number"
        )
        self.existing_pk = existing_pk


SORT_KEY_MAX_LENGTH = Resident._meta.get_field("name_sort_key").max_length


def name_sort_key(name: str) -> str:
    """Pinyin key: the embedded PostgreSQL has no ICU collation to sort Chinese names.

    The key is several times longer than the name (zhuang4 for 壮) and only orders lists, so it
    is cut to fit its column: names alike in their first thirty-odd characters sort together.
    """
    key = " ".join(lazy_pinyin(name, style=Style.TONE3)).lower()
    return key[:SORT_KEY_MAX_LENGTH].rstrip()


# Channels a member of staff registers through; online and import have their own ways in.
STAFF_CHANNELS = (Channel.WINDOW, Channel.VISIT)


def consent_refusal(resident: Resident) -> ActionRefused | None:
    """Voluntary information kept without the resident's consent (PRI-1), or None.

    The form says so next to each field; this is the same rule for any other caller (a
    crafted POST, a change request, an import), so nothing voluntary is ever stored unasked.
    """
    if resident.consent_optional:
        return None
    for field in VOLUNTARY_FIELDS:
        if getattr(resident, field) not in ("", None, []):
            return ActionRefused(
                _("“%(field)s” is voluntary: it is kept only with the resident's consent. "
                  "Tick the consent box or leave it empty.")
                % {"field": FIELD_LABELS[field]},
                field=field,
            )
    return None


def apply_registration_fields(resident: Resident, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data and getattr(resident, field) != data[field]:
            setattr(resident, field, data[field])
            changed.append(field)
    if "id_number" in changed:
        # The kind of document follows the number (a permit, a permanent residence card).
        document = id_numbers.document_of(resident.id_number)
        if document != resident.id_document:
            resident.id_document = document
            changed.append("id_document")
    if "name" in changed or not resident.name_sort_key:
        resident.name_sort_key = name_sort_key(resident.name)
        changed.append("name_sort_key")
    if "consent_optional" in changed:
        resident.consent_recorded_at = timezone.now() if resident.consent_optional else None
        changed.append("consent_recorded_at")
    return changed


def existing_with_id_number(id_number: str, *, exclude_pk: int | None = None) -> int | None:
    query = Resident.objects.filter(id_number=id_number)
    if exclude_pk is not None:
        query = query.exclude(pk=exclude_pk)
    return query.values_list("pk", flat=True).first()


def _refuse_without_consent(resident: Resident) -> None:
    refused = consent_refusal(resident)
    if refused is not None:
        raise refused


def documents_record(
    *, resident: Resident, actor, numbers: Mapping[str, str] | None,
    scans: Mapping[str, bytes] | None = None,
) -> None:
    """Keep one row per checked document with its number (REG-2); unticked ones go.

    A document that carries the ID number (an ID card, a residence permit) takes it when no
    number was typed; the others (passport, household register booklet) need theirs.
    """
    numbers = dict(numbers or {})
    scans = dict(scans or {})
    checked = list(resident.documents_checked or [])
    for document in [*numbers, *scans]:
        if document not in checked:
            raise ActionRefused(
                _("A number was given for a document that is not ticked as checked."),
                field="documents_checked",
            )
    kept = []
    for document in checked:
        number = id_numbers.typed_id_number(numbers.get(document, ""))
        existing = ResidentDocument.objects.filter(
            resident=resident, document_type=document
        ).first()
        if not number and document in DOCUMENTS_CARRYING_ID_NUMBER:
            number = existing.number if existing and document not in numbers else ""
            number = number or resident.id_number
        if not number and existing is not None:
            number = existing.number
        if not number:
            raise ActionRefused(
                _("Give the number of the %(document)s.")
                % {"document": IdentityDocument(document).label},
                field=f"document_number_{document}",
            )
        if existing is None:
            existing = ResidentDocument.objects.create(
                resident=resident, document_type=document, number=number, recorded_by=actor
            )
        elif existing.number != number:
            existing.number = number
            existing.recorded_by = actor
            existing.save(update_fields=["number", "recorded_by", "recorded_at"])
        if document in scans:
            existing.scan = _scan_store(
                data=scans[document], document=document, resident=resident, actor=actor
            )
            existing.save(update_fields=["scan", "recorded_at"])
        kept.append(existing.pk)
    ResidentDocument.objects.filter(resident=resident).exclude(pk__in=kept).delete()


def _scan_store(*, data: bytes, document: str, resident: Resident, actor):
    """A scan of one identity document, kept in the document store (REG-2)."""
    try:
        return document_store(
            data=data, kind=DocumentKind.ID_SCAN, uploaded_by=actor, resident=resident,
            field_groups=(FieldGroup.SENSITIVE,), allowed=("pdf", "jpeg", "png"),
        )
    except ActionRefused as refused:
        raise ActionRefused(refused.message, field=f"document_scan_{document}") from refused


def registration_create(
    *,
    actor,
    data: Mapping[str, Any],
    submit: bool,
    channel: str = Channel.WINDOW,
    document_numbers: Mapping[str, str] | None = None,
    document_scans: Mapping[str, bytes] | None = None,
) -> Resident:
    if actor is not None and actor.pk and channel not in STAFF_CHANNELS:
        raise ActionRefused(_("Staff register at the window or on a home visit."))
    if actor is not None and actor.pk:
        pending = pending_preregistration(data.get("id_number", ""))
        if pending is not None:
            return _preregistration_take_over(
                pending_pk=pending, actor=actor, data=data, submit=submit, channel=channel,
                document_numbers=document_numbers, document_scans=document_scans,
            )
    staff = actor if actor is not None and actor.pk else None
    resident = Resident(channel=channel, created_by=staff)
    apply_registration_fields(resident, data)
    _refuse_without_consent(resident)
    if submit:
        resident.status = RegistrationStatus.SUBMITTED
        resident.submitted_at = timezone.now()
        resident.submitted_by = staff
    resident.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            resident.save()
            documents_record(
                resident=resident, actor=staff, numbers=document_numbers, scans=document_scans
            )
            _first_hukou_move(resident, actor=staff)
    except IntegrityError as exc:
        existing = existing_with_id_number(resident.id_number)
        if existing is not None:
            raise DuplicateIdNumber(existing) from exc
        raise
    return resident


def registrations_import(
    *, actor, rows: Sequence[Mapping[str, Any]], audit_data: Sequence[dict]
) -> list[int]:
    """Submitted registrations of channel "import" (REG-6), written in one COPY; their pks.

    Each row was checked by the caller with the registration form's rules (the import's dry
    run, which also computed the derived `name_sort_key` and `id_document` a row may carry);
    the fields are set as `apply_registration_fields` sets them, the rest from the model's
    defaults, and the registrations wait for staff to verify them. The rows' ID numbers must
    not be registered: the caller left registered ones out, and the unique index refuses one
    registered meanwhile (DuplicateIdNumber). `audit_data[i]` goes on row i's audit entry,
    written in one COPY too (residents.audit.querysets.record_bulk_creates).
    """
    require_perm(actor, "residents.add_resident")
    if not rows:
        return []
    now = timezone.now()
    template = Resident(
        channel=Channel.IMPORT, created_by=actor, status=RegistrationStatus.SUBMITTED,
        submitted_at=now, submitted_by=actor, created_at=now, updated_at=now,
    )
    fields = [field for field in Resident._meta.concrete_fields if not field.primary_key]
    defaults = [
        field.get_db_prep_save(getattr(template, field.attname), connection) for field in fields
    ]
    position = {field.name: index for index, field in enumerate(fields)}
    settable = [(name, position[name]) for name in sorted(EDITABLE_FIELDS) if name in position]
    sort_key_at, document_at = position["name_sort_key"], position["id_document"]
    written = []
    for data in rows:
        values = list(defaults)
        for name, index in settable:
            if name in data:
                values[index] = data[name]
        values[sort_key_at] = data.get("name_sort_key") or name_sort_key(data["name"])
        values[document_at] = data.get("id_document") or id_numbers.document_of(
            data["id_number"]
        )
        written.append(values)
    table = Resident._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The pks are taken first, in file order: the audit entries name them.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, Resident._meta.pk.column, len(written)],
            )
            pks = sorted(pk for (pk,) in cursor.fetchall())
            copy_rows(
                table=table,
                columns=(Resident._meta.pk.column, *(field.column for field in fields)),
                rows=((pk, *values) for pk, values in zip(pks, written, strict=True)),
            )
            record_bulk_creates(model=Resident, pks=pks, data=audit_data, actor=actor)
            return pks
    except IntegrityError as exc:
        numbers = [data["id_number"] for data in rows]
        existing = (
            Resident.objects.filter(id_number__in=numbers).values_list("pk", flat=True).first()
        )
        if existing is not None:
            raise DuplicateIdNumber(existing) from exc
        raise


def pending_preregistration(id_number: str) -> int | None:
    """An online pre-registration of this ID number not yet verified by staff, if any."""
    return (
        Resident.objects.filter(
            id_number=id_number, channel=Channel.ONLINE, status=RegistrationStatus.SUBMITTED
        )
        .values_list("pk", flat=True)
        .first()
    )


def _first_hukou_move(resident: Resident, *, actor) -> None:
    """The move-in date typed at registration starts the household-registration history."""
    if resident.hukou_moved_in_on and not resident.hukou_moves.exists():
        HukouMove.objects.create(
            resident=resident, kind=HukouMoveKind.MOVED_IN, moved_on=resident.hukou_moved_in_on,
            to_place=resident.hukou_location, recorded_by=actor,
        )


def _preregistration_take_over(
    *, pending_pk: int, actor, data: Mapping[str, Any], submit: bool, channel: str,
    document_numbers: Mapping[str, str] | None = None,
    document_scans: Mapping[str, bytes] | None = None,
) -> Resident:
    """The window registration replaces an unverified online one of the same ID number (ACC-13).

    Anyone can pre-register any number online, so a pending declaration must never block the
    person who stands at the window with their card: the clerk's checked values replace the
    declared ones (the old values stay in the record's audit history) and the registration
    continues as a window registration, entered (and so not verifiable) by the clerk.
    """
    if not data.get("documents_checked"):
        raise ActionRefused(
            _(
                "This ID number has an online pre-registration awaiting verification. Check "
                "the resident's identity document and tick it to take the registration over."
            ),
            field="documents_checked",
        )
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=pending_pk)
        if resident.channel != Channel.ONLINE or resident.status != RegistrationStatus.SUBMITTED:
            raise DuplicateIdNumber(resident.pk)
        changed = apply_registration_fields(resident, data)
        _refuse_without_consent(resident)
        resident.channel = channel
        resident.created_by = actor
        resident.status = RegistrationStatus.SUBMITTED if submit else RegistrationStatus.DRAFT
        resident.submitted_at = timezone.now() if submit else None
        resident.submitted_by = actor if submit else None
        resident.full_clean(validate_unique=False)
        resident.save(
            update_fields=[
                *changed, "channel", "created_by", "status", "submitted_at", "submitted_by",
                "updated_at",
            ]
        )
        documents_record(
            resident=resident, actor=actor, numbers=document_numbers, scans=document_scans
        )
        _first_hukou_move(resident, actor=actor)
    return resident


def registration_update(
    *, registration: Resident, actor, data: Mapping[str, Any],
    document_numbers: Mapping[str, str] | None = None,
    document_scans: Mapping[str, bytes] | None = None,
) -> Resident:
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=registration.pk)
        if resident.status not in EDITABLE_STATUSES:
            raise ActionRefused(
                _("Only drafts and returned registrations can be edited; use a change request.")
            )
        changed = apply_registration_fields(resident, data)
        _refuse_without_consent(resident)
        if document_numbers is not None or document_scans or "documents_checked" in changed:
            documents_record(
                resident=resident, actor=actor, numbers=document_numbers, scans=document_scans
            )
        if not changed:
            return resident
        resident.full_clean(validate_unique=False)
        existing = (
            existing_with_id_number(resident.id_number, exclude_pk=resident.pk)
            if "id_number" in changed
            else None
        )
        if existing is not None:
            raise DuplicateIdNumber(existing)
        resident.save(update_fields=[*changed, "updated_at"])
    return resident


def registration_submit(*, registration: Resident, actor) -> Resident:
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=registration.pk)
        if resident.status not in EDITABLE_STATUSES:
            raise ActionRefused(_("This registration has already been submitted."))
        resident.status = RegistrationStatus.SUBMITTED
        resident.submitted_at = timezone.now()
        resident.submitted_by = actor
        resident.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return resident


def verification_refusal(resident: Resident, actor) -> ActionRefused | None:
    """Why `actor` may not verify this registration under four eyes (ACC-8), or None.

    The staff who entered it (created it, or took over an online pre-registration at the
    window) or submitted it for verification may not verify it; the page asks too, to leave
    the button out. An online pre-registration nobody on the staff took over was entered by
    the resident: any member of staff who may verify checks it against the card.
    """
    entered_by = {resident.created_by_id, resident.submitted_by_id} - {None}
    if actor is not None and actor.pk in entered_by:
        return ActionRefused(
            _("This registration needs another member of staff to verify it: you entered or "
              "submitted it, and nobody verifies their own registration.")
        )
    return None


def registration_verify(*, registration: Resident, actor) -> Resident:
    """Verify a submitted registration and give it the next archive number (REG-3, REG-4)."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=registration.pk)
        if resident.status == RegistrationStatus.VERIFIED:
            raise ActionRefused(
                _("This registration was already verified (archive number %(number)s).")
                % {"number": resident.archive_number}
            )
        if resident.status != RegistrationStatus.SUBMITTED:
            raise ActionRefused(_("Only submitted registrations can be verified."))
        refused = verification_refusal(resident, actor)
        if refused is not None:
            raise refused
        if not resident.documents_checked:
            raise ActionRefused(_("Record which identity documents were checked before verifying."))
        resident.status = RegistrationStatus.VERIFIED
        resident.verified_at = timezone.now()
        resident.verified_by = actor
        resident.return_reason = ""
        resident.archive_number = archive_number_next()
        resident.full_clean(validate_unique=False)
        resident.save(
            update_fields=[
                "status",
                "verified_at",
                "verified_by",
                "return_reason",
                "archive_number",
                "updated_at",
            ]
        )
    return resident


def registration_return(*, registration: Resident, actor, reason: str) -> Resident:
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Say what must be corrected."))
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=registration.pk)
        if resident.status != RegistrationStatus.SUBMITTED:
            raise ActionRefused(_("Only submitted registrations can be returned."))
        resident.status = RegistrationStatus.RETURNED
        resident.return_reason = reason
        resident.returned_at = timezone.now()
        resident.returned_by = actor
        resident.save(
            update_fields=["status", "return_reason", "returned_at", "returned_by", "updated_at"]
        )
        # The creator corrects it (AFF-8): told by archive number and masked name only.
        notification_send(
            recipients=[resident.created_by],
            text=_("Registration #%(number)s (%(name)s) was returned for correction.")
            % {"number": resident.pk, "name": mask_name(resident.name)},
            url=reverse("residents:detail", args=[resident.pk]),
            key=f"registration-returned:{resident.pk}:{resident.returned_at.isoformat()}",
        )
    return resident


def preregistration_submit(*, data: Mapping[str, Any], consent: bool) -> Resident | None:
    """A resident's own online declaration (REG-6). Returns None when the ID number is known.

    The caller shows the same acknowledgement either way, so the public page never reveals
    whether somebody is registered.
    """
    fields = dict(data)
    if not consent:
        # Without consent the optional fields are not kept (PRI-1).
        for optional in ("phone", "service_needs", "remarks"):
            fields.pop(optional, None)
    fields["consent_optional"] = consent
    if existing_with_id_number(fields["id_number"]) is not None:
        return None
    try:
        return registration_create(actor=None, data=fields, submit=True, channel=Channel.ONLINE)
    except DuplicateIdNumber:
        return None


def slip_record(
    *, resident: Resident, actor, policy, reprint_reason: str = ""
) -> tuple[Slip, list[tuple[str, str]]]:
    """Record one printed registration slip (REG-5) and return it with the rows it prints.

    Only verified residents get a slip. The caller renders the rows (one slip, or many in a
    batch print) inside the same transaction, so a print that fails leaves no record.
    """
    if resident.status != RegistrationStatus.VERIFIED:
        raise ActionRefused(
            _("A confirmation slip can be printed once the registration is verified.")
        )
    rows = slip_rows(resident, policy)
    slip = print_record_create(
        model=Slip,
        fields={
            "kind": SlipKind.REGISTRATION,
            "resident": resident,
            "printed_by": actor,
            "content_hash": slip_content_hash(resident, rows),
            "field_groups": slip_field_groups(policy),
            "reprint_reason": reprint_reason,
        },
    )
    return slip, rows


def slip_print(
    *, resident: Resident, actor, policy, reprint_reason: str = ""
) -> tuple[Slip, bytes]:
    """Record a printed registration slip and render it (REG-5). Only verified residents.

    Printing the slip of a resident who already has one needs the reason (kept on the print
    record and so in the audit log); batch prints record their own purpose.
    """
    earlier = Slip.objects.filter(resident=resident, kind=SlipKind.REGISTRATION).exists()
    reason = reprint_reason_checked(earlier=earlier, reason=reprint_reason)
    # A print that fails to render leaves no record behind.
    with transaction.atomic():
        slip, rows = slip_record(
            resident=resident, actor=actor, policy=policy, reprint_reason=reason
        )
        pdf = render_registration_slip(resident=resident, slip=slip, rows=rows)
    return slip, pdf


def slip_mark_signed(
    *, slip: Slip, actor, signed_on: datetime.date, scan: UploadedFile | None = None
) -> Slip:
    with transaction.atomic():
        locked = Slip.objects.select_for_update().get(pk=slip.pk)
        if locked.signed_on is not None:
            raise ActionRefused(_("This slip is already recorded as signed."))
        locked.signed_on = signed_on
        locked.signed_recorded_by = actor
        locked.signed_recorded_at = timezone.now()
        update_fields = ["signed_on", "signed_recorded_by", "signed_recorded_at"]
        if scan is not None:
            # Into the one document store: type checked by content, SHA-256, and the slip's
            # field groups, which a viewer's policy must cover to open it.
            locked.signed_document = document_store(
                data=scan.read(), kind=DocumentKind.SIGNED_SLIP, uploaded_by=actor,
                resident=locked.resident, field_groups=locked.field_groups,
            )
            update_fields.append("signed_document")
        locked.full_clean()
        locked.save(update_fields=update_fields)
    return locked


def hukou_move_record(
    *,
    actor,
    resident: Resident,
    kind: str,
    moved_on: datetime.date,
    from_place: str = "",
    to_place: str = "",
    note: str = "",
) -> HukouMove:
    """Record one dated move of the household registration (户籍变动情况, REG-1).

    The entries are the history; the record's own place and move-in date change through a
    change request (UPD-3), which records its move here too.
    """
    require_perm(actor, "residents.add_hukoumove")
    if kind not in HukouMoveKind.values:
        raise ActionRefused(_("Choose the kind of move."), field="kind")
    refuse_future(moved_on, field="moved_on")
    if not (from_place.strip() or to_place.strip()):
        raise ActionRefused(_("Give the place moved from or moved to."), field="to_place")
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if moved_on < locked.birth_date:
            raise ActionRefused(
                _("This date cannot be before the date of birth."), field="moved_on"
            )
        move = HukouMove(
            resident=locked, kind=kind, moved_on=moved_on, from_place=from_place.strip(),
            to_place=to_place.strip(), note=note.strip(), recorded_by=actor,
        )
        move.full_clean()
        move.save()
    return move


def hukou_move_applied(
    *, resident: Resident, actor, from_place: str, moved_on: datetime.date
) -> HukouMove:
    """The move an approved change of the place of household registration records (the change
    request's approval has checked who may make it)."""
    return HukouMove.objects.create(
        resident=resident, kind=HukouMoveKind.MOVED_IN, moved_on=moved_on,
        from_place=from_place, to_place=resident.hukou_location, recorded_by=actor,
        note=_("Recorded from an approved change request"),
    )
