"""Storing, reading and deleting documents: the one place uploaded files go through."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from residents import roles
from residents.access.policy import policy_for
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.documents.content import KINDS, sniff
from residents.models import Document
from residents.notifications.services import notification_send, role_members

KIND_NAMES = {"pdf": "PDF", "jpeg": "JPG", "png": "PNG"}


def document_store(
    *,
    data: bytes,
    kind: str,
    uploaded_by,
    resident=None,
    field_groups: Iterable[str] = (),
    allowed: Iterable[str] = ("pdf", "jpeg", "png"),
) -> Document:
    """Check and store an uploaded file; refuses with a Chinese message saying what is wrong.

    Callers check who may upload (their own service's permission). The bytes are written once
    per SHA-256, so the same scan uploaded twice takes the space of one.
    """
    allowed = tuple(allowed)
    unknown = set(allowed) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown document types: {sorted(unknown)}")
    if not data:
        raise ActionRefused(_("The file is empty."))
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ActionRefused(
            _("The file is larger than %(mb)d MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    content_type = sniff(data, allowed)
    if content_type is None:
        raise ActionRefused(
            _("Only %(types)s files can be uploaded.")
            % {"types": "、".join(KIND_NAMES[kind] for kind in allowed)}
        )
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        sha256=digest, size=len(data), content_type=content_type, kind=kind,
        resident=resident, field_groups=sorted({str(group) for group in field_groups}),
        uploaded_by=uploaded_by,
    )
    document.full_clean()
    with transaction.atomic():
        if not default_storage.exists(document.storage_name):
            saved = default_storage.save(document.storage_name, ContentFile(data))
            if saved != document.storage_name:  # a race wrote it first; keep one copy
                default_storage.delete(saved)
        document.save()
    return document


def may_open(user, document: Document) -> bool:
    """Whether the viewer's field policy covers every field group the document needs."""
    if document.resident_id is None or not document.field_groups:
        return True
    return policy_for(user, document.resident).can_see_groups(document.field_groups)


def document_read(*, user, document: Document, purpose: str, request=None) -> bytes:
    """The document's bytes, for a viewer the owning subject has already let through.

    Refuses a viewer whose policy lacks a field group the document needs (PermissionDenied) and a
    damaged file (ActionRefused: its bytes no longer match the SHA-256 taken at upload), which is
    reported to the system administrators and never served. Reads of a resident's document are
    recorded with `purpose`.
    """
    if not may_open(user, document):
        raise PermissionDenied
    try:
        with default_storage.open(document.storage_name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != document.sha256:
        notification_send(
            recipients=role_members(roles.SYSADMIN),
            text=_("Stored document %(id)s is damaged or missing: restore it from a backup.")
            % {"id": document.pk},
            key=f"document-damaged-{document.pk}",
        )
        raise ActionRefused(
            _("This file is damaged or missing and cannot be opened. The system administrators "
              "have been told.")
        )
    if document.resident_id is not None:
        record_reads(
            actor=user, residents=[document.resident], field_groups=document.field_groups,
            purpose=purpose, request=request,
            extra={"document": document.pk, "document_kind": document.kind},
        )
    return data


def document_delete(*, document: Document) -> None:
    """Delete a document row, and its bytes when no other row uses them (destruction, ARC-9)."""
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
        still_used = Document.objects.filter(sha256=document.sha256).exists()
        if not still_used:
            transaction.on_commit(lambda: default_storage.delete(document.storage_name))
