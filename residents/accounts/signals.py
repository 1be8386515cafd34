"""Receivers of Django's auth signals, connected in `ResidentsConfig.ready()`.

Each one only hands over to one function: the audit entry is written by
`residents.audit.accounts.record_account_event`, the session's clocks are started by
`residents.accounts.sessions.start_session`; a new account's password history is started by
`residents.accounts.passwords.account_created`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from residents.accounts.passwords import account_created
from residents.accounts.sessions import start_session
from residents.audit.accounts import record_account_event
from residents.audit.context import Event


def audit_signed_in(sender, request, user, **kwargs):
    record_account_event(Event.LOGIN, request=request, user=user)


def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    record_account_event(
        Event.LOGIN_FAILED, request=request, username=str(credentials.get("username") or "")
    )


def audit_signed_out(sender, request, user, **kwargs):
    record_account_event(Event.LOGOUT, request=request, user=user)


def session_started(sender, request, user, **kwargs):
    start_session(request, user)


def connect() -> None:
    post_save.connect(
        account_created, sender=get_user_model(), dispatch_uid="residents.account_created"
    )
    user_logged_in.connect(session_started, dispatch_uid="residents.session_started")
    user_logged_in.connect(audit_signed_in, dispatch_uid="residents.audit_signed_in")
    user_login_failed.connect(audit_sign_in_failed, dispatch_uid="residents.audit_sign_in_failed")
    user_logged_out.connect(audit_signed_out, dispatch_uid="residents.audit_signed_out")
