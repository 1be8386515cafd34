"""Personal values in the audit history, encrypted per resident (ACC-14).

Staff read a resident's change history with the old and new values of the record's fields, so
the log has to keep them; but the log is append-only and hash-chained, so a value written in
clear could never be taken back when the resident's archive is destroyed (ARC-9). Each value
of a resident's personal field is therefore written to the log encrypted (AES-GCM) with a data
key of that resident; the data keys are stored wrapped by the key-encryption key AUDIT_KEK from
the environment (residents.models.ResidentAuditKey). Destroying the resident's data key makes
every one of their values unreadable while the entries, with actor, time and action, stay, and
the chain — computed over the stored ciphertext — still verifies.

Sealing happens as the entry is saved, before the database trigger chains it: `seal_entry` is
connected to the log entry's pre_save by `connect()` (residents.audit.log.register_models).
Which values a viewer may read back is the field policy's decision (residents/access/policy.py).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from residents.access.fields import SENSITIVE_FIELDS, TRAIL_FIELDS

PREFIX = "sealed:v1:"
_NONCE_BYTES = 12
_EMPTY = (None, "", "None")


class Unreadable:
    """What `unseal` returns when the resident's key has been destroyed (or the value was
    tampered with): the entry stays, its value is gone."""


UNREADABLE = Unreadable()


def _kek() -> AESGCM:
    raw = settings.AUDIT_KEK
    try:
        key = base64.urlsafe_b64decode(raw)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("AUDIT_KEK must be urlsafe base64") from error
    if len(key) != 32:
        raise ImproperlyConfigured("AUDIT_KEK must be 32 bytes (urlsafe base64)")
    return AESGCM(key)


def _key_aad(resident_id: int) -> bytes:
    return f"resident-audit-key:{resident_id}".encode()


def _value_aad(resident_id: int, field: str) -> bytes:
    # Binds a value to its resident and field: a ciphertext copied into another entry's field
    # or another resident's history does not decrypt.
    return f"resident:{resident_id}:field:{field}".encode()


def generate_wrapped_key(resident_id: int) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + _kek().encrypt(nonce, AESGCM.generate_key(bit_length=256), _key_aad(resident_id))


def _unwrap(resident_id: int, wrapped: bytes) -> bytes:
    wrapped = bytes(wrapped)
    return _kek().decrypt(wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _key_aad(resident_id))


def data_key(resident_id: int) -> bytes:
    """The resident's data key, created on first use (two writers racing create one)."""
    from residents.models import ResidentAuditKey

    row = ResidentAuditKey.objects.filter(resident_id=resident_id).first()
    if row is None:
        ResidentAuditKey.objects.bulk_create(
            [ResidentAuditKey(resident_id=resident_id,
                              wrapped_key=generate_wrapped_key(resident_id))],
            ignore_conflicts=True,
        )
        row = ResidentAuditKey.objects.get(resident_id=resident_id)
    return _unwrap(resident_id, row.wrapped_key)


def data_keys(resident_ids: Iterable[int], *, unwrap: Iterable[int] | None = None) -> dict:
    """Existing keys of these residents (one query); a destroyed key is simply absent. With
    `unwrap`, only those residents' keys are unwrapped, the others map to None."""
    from residents.models import ResidentAuditKey

    opened = None if unwrap is None else set(unwrap)
    rows = ResidentAuditKey.objects.filter(resident_id__in=set(resident_ids))
    return {
        row.resident_id: (
            _unwrap(row.resident_id, row.wrapped_key)
            if opened is None or row.resident_id in opened else None
        )
        for row in rows
    }


def destroy_key(resident_id: int) -> bool:
    """Delete the resident's data key: their values in the history become unreadable."""
    from residents.models import ResidentAuditKey

    deleted, _rows = ResidentAuditKey.objects.filter(resident_id=resident_id).delete()
    return bool(deleted)


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(key: bytes, resident_id: int, field: str, value) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    plain = json.dumps(value, ensure_ascii=False).encode()
    sealed = AESGCM(key).encrypt(nonce, plain, _value_aad(resident_id, field))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(key: bytes | None, resident_id: int, field: str, token: str):
    """The value, or UNREADABLE when the key is gone or the token does not decrypt."""
    if key is None:
        return UNREADABLE
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX):])
        plain = AESGCM(key).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _value_aad(resident_id, field)
        )
    except (ValueError, InvalidTag):
        return UNREADABLE
    return json.loads(plain)


def sealed_field(name: str) -> bool:
    """Resident fields whose values are sealed: every field but the workflow facts the trail
    shows to all its readers and the sensitive ones, which auditlog never stores at all."""
    return name not in TRAIL_FIELDS and name not in SENSITIVE_FIELDS


def seal_changes(resident_id: int, changes: dict) -> dict:
    """A copy of a resident's change dict with every personal value sealed."""
    key = None
    sealed = {}
    for name, values in changes.items():
        if not sealed_field(name) or not isinstance(values, list | tuple):
            sealed[name] = values
            continue
        out = []
        for value in values:
            if value in _EMPTY or is_sealed(value):
                out.append(value)
                continue
            if key is None:
                key = data_key(resident_id)
            out.append(seal(key, resident_id, name, value))
        sealed[name] = out
    return sealed


def seal_entry(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of a log entry: seal a resident's values before the row (and its chain link)
    is written. Entries are only ever inserted, so this runs once per entry."""
    if raw or instance.pk is not None or not isinstance(instance.changes, dict):
        return
    from residents.models import Resident

    if instance.content_type_id is None:
        return
    if instance.content_type.model_class() is not Resident:
        return
    try:
        resident_id = int(instance.object_pk)
    except (TypeError, ValueError):
        return
    instance.changes = seal_changes(resident_id, instance.changes)
    # auditlog keeps no text copy with JSON changes; make sure none carries a clear value.
    instance.changes_text = ""


def connect() -> None:
    from auditlog.models import LogEntry
    from django.db.models.signals import pre_save

    pre_save.connect(seal_entry, sender=LogEntry, dispatch_uid="residents.audit.sealing")
