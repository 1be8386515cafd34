"""Who is acting and from where, for audit entries written without auditlog's signals.

A leaf module (Django and auditlog only): the models' querysets and every audit writer use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Event:
    """Values of additional_data["event"] on ACCESS entries."""

    READ = "read"
    REVEAL = "reveal"
    DENIED = "denied"
    EXPORT = "export"
    # Sign-ins and passwords (ACC-10): entries about a user account, not a resident.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"

    ACCOUNT_EVENTS = (LOGIN, LOGIN_FAILED, LOGOUT, PASSWORD_CHANGED)


# Who is acting and from where, for entries written without a request at hand (bulk writes).
# Set per request by residents.audit.middleware.AuditMiddleware, or by `acting_as` outside requests;
# auditlog's own context variable is never cleared, so it cannot serve here.
_acting: ContextVar[dict | None] = ContextVar("residents_audit_acting", default=None)


@contextmanager
def acting_as(actor, remote_addr: str | None = None):
    """Attribute every write and read entry in the block to `actor` (auditlog's too)."""
    token = _acting.set({"actor": actor, "remote_addr": remote_addr})
    try:
        with set_actor(actor, remote_addr=remote_addr):
            yield
    finally:
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


def client_address(request=None) -> str | None:
    if request is not None:
        return request.META.get("REMOTE_ADDR") or None
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
