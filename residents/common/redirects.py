"""Where a page sends the user back to: a `next` URL of this site, or the page's default."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str) -> str:
    """The posted (or queried) `next` when it is a path on this site, else `default`.

    Only a path is followed: a value such as "0" or "home" would otherwise be taken for a URL
    name by redirect() and fail, and another host is never a destination.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
