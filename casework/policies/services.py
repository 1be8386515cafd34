"""Keeping the policies and regulations page (PUB-1): add, edit, withdraw."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Policy
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import is_future
from residents.documents.services import document_store
from residents.models import DocumentKind


def _checked(*, title: str, issuer: str, issued_on: datetime.date, text: str,
             has_pdf: bool) -> None:
    if is_future(issued_on):
        raise ActionRefused(_("The issue date cannot be in the future."), field="issued_on")
    if not text.strip() and not has_pdf:
        raise ActionRefused(_("Give the policy's text or attach its PDF."), field="text")


def _stored(actor, pdf: bytes | None):
    if not pdf:
        return None
    # A public document: no resident, no field group, anyone may read it.
    return document_store(data=pdf, kind=DocumentKind.OTHER, uploaded_by=actor, allowed=("pdf",))


def policy_add(*, actor, title: str, issuer: str, issued_on: datetime.date, text: str = "",
               pdf: bytes | None = None) -> Policy:
    require_perm(actor, "casework.add_policy")
    _checked(title=title, issuer=issuer, issued_on=issued_on, text=text, has_pdf=bool(pdf))
    with transaction.atomic():
        return Policy.objects.create(
            title=title.strip(), issuer=issuer.strip(), issued_on=issued_on, text=text.strip(),
            document=_stored(actor, pdf), created_by=actor,
        )


def policy_edit(*, actor, policy: Policy, title: str, issuer: str, issued_on: datetime.date,
                text: str = "", pdf: bytes | None = None, remove_pdf: bool = False) -> Policy:
    """Edit a policy; a new PDF replaces the attached one, `remove_pdf` drops it."""
    require_perm(actor, "casework.change_policy")
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        keeps_pdf = bool(pdf) or (policy.document_id is not None and not remove_pdf)
        _checked(title=title, issuer=issuer, issued_on=issued_on, text=text, has_pdf=keeps_pdf)
        policy.title, policy.issuer, policy.issued_on, policy.text = (
            title.strip(), issuer.strip(), issued_on, text.strip()
        )
        if pdf:
            policy.document = _stored(actor, pdf)
        elif remove_pdf:
            policy.document = None
        policy.save()
    return policy


def policy_withdraw(*, actor, policy: Policy) -> Policy:
    """Take a policy off the public page (kept on record)."""
    require_perm(actor, "casework.change_policy")
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if policy.withdrawn_at is not None:
            raise ActionRefused(_("This policy is already withdrawn."))
        policy.withdrawn_at = timezone.now()
        policy.save(update_fields=["withdrawn_at"])
    return policy
