"""The one permission check of the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require_perm(user, *perms: str) -> None:
    """Answer 403 unless the user holds every one of `perms` (full names: "app.codename")."""
    if not user.has_perms(perms):
        raise PermissionDenied
