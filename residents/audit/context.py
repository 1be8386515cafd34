"""Who is acting and from where, for audit entries written without auditlog's signals.

A leaf module (Django and auditlog only): the models' querysets and every audit writer use it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Event:
    """Values of additional_data["event"] on ACCESS entries."""

    READ = "read"
    REVEAL = "reveal"
    DENIED = "denied"
    EXPORT = "export"
    # A registration created, or a change notice proposed, by a resident import (DAT-1).
    IMPORT = "import"
    # Sign-ins and passwords (ACC-10): entries about a user account, not a resident.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    # The second factor (ACC-10): enrolment, the code after the password, recovery codes, resets.
    OTP_ENROLLED = "otp_enrolled"
    OTP_VERIFIED = "otp_verified"
    OTP_FAILED = "otp_failed"
    OTP_RECOVERY_CODE_USED = "otp_recovery_code_used"
    OTP_RESET = "otp_reset"

    ACCOUNT_EVENTS = (
        LOGIN, LOGIN_FAILED, LOGOUT, PASSWORD_CHANGED,
        OTP_ENROLLED, OTP_VERIFIED, OTP_FAILED, OTP_RECOVERY_CODE_USED, OTP_RESET,
    )


class DeniedReason:
    """Values of additional_data["reason"] on DENIED entries (the trail names each)."""

    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    # A print that needs the ID number from the card presented: a wrong number was typed,
    # or too many wrong ones were typed lately and the check was refused without comparing.
    ID_MISMATCH = "id_mismatch"
    ID_CHECK_LIMIT = "id_check_limit"


# Who is acting and from where, for entries written without a request at hand (bulk writes).
# Set per request by residents.audit.middleware.AuditMiddleware, or by `acting_as` outside requests;
# auditlog's own context variable is never cleared, so it cannot serve here.
_acting: ContextVar[dict | None] = ContextVar("residents_audit_acting", default=None)


@contextmanager
def acting_as(actor, remote_addr: str | None = None):
    """Attribute every write and read entry in the block to `actor` (auditlog's too).

    Blocks nest: auditlog's set_actor leaves its own context behind on leaving, so the
    enclosing block's actor is put back (e.g. a demo step taken by a second member of staff).
    """
    token = _acting.set({"actor": actor, "remote_addr": remote_addr})
    enclosing = auditlog_value.get(None)
    try:
        with set_actor(actor, remote_addr=remote_addr):
            yield
    finally:
        if enclosing is not None:
            auditlog_value.set(enclosing)
        _acting.reset(token)


@contextmanager
def request_context(request):
    """The request's actor and address, for entries written while it is handled."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    token = _acting.set({"actor": actor, "remote_addr": client_address(request)})
    try:
        yield
    finally:
        _acting.reset(token)


def _context() -> dict:
    return _acting.get() or {}


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(value: str | None) -> IPAddress | None:
    """An IP address, or None for anything else (a name, a port, an IPv6 zone, garbage).

    An IPv4 address written as IPv6 (::ffff:192.0.2.1) is the IPv4 address.
    """
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:
            return None  # fe80::1%eth0: PostgreSQL's inet has no zones
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
    return address


@cache
def trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """The networks of `TRUSTED_PROXIES` (single addresses and CIDR blocks alike)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def address_from_request(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind trusted proxies the forwarded one.

    X-Forwarded-For is read only when the peer is a trusted proxy (`TRUSTED_PROXIES`); the
    client is then the right-most address not itself a trusted proxy, since everything to its
    left was written by the client and can be forged. A value that is no IP address stops the
    walk, and the peer's address is kept.
    """
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = parse_address(hop)
        if address is None:
            break
        if not _is_trusted(address, networks):
            return str(address)
    return str(peer)


def client_address(request=None) -> str | None:
    if request is not None:
        return address_from_request(request)
    return _context().get("remote_addr")


def actor_id(actor) -> int | None:
    if actor is None:
        actor = _context().get("actor")
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.pk
    return None


def entries(
    *,
    model: type[models.Model],
    pks: Iterable,
    action: int,
    actor,
    data: dict,
    request=None,
    changes: dict | None = None,
) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    actor_pk = actor_id(actor)
    address = client_address(request)
    label = model._meta.object_name
    return [
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk if isinstance(pk, int) else None,
            object_repr=f"{label} #{pk}",
            action=action,
            actor_id=actor_pk,
            remote_addr=address,
            timestamp=now,
            additional_data=data,
            changes=changes,
            changes_text="",
        )
        for pk in pks
    ]
