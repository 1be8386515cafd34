"""Disclosure requests: for managers (those who ask and those who approve)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporters.models import DisclosureRequest


def may_see(user) -> bool:
    return user.is_authenticated and (
        user.has_perm("reporters.manage_reporters") or user.has_perm("reporters.approve_disclosure")
    )


def disclosures_for(user) -> QuerySet[DisclosureRequest]:
    if not may_see(user):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.select_related("requested_by", "decided_by")


def disclosure_for_user(user, pk: int) -> DisclosureRequest:
    disclosure = disclosures_for(user).filter(pk=pk).first()
    if disclosure is None:
        raise Http404
    return disclosure
