"""The product's own error pages (403, 404, 500), in the reader's language, each with a way back.

A 403 says why in general terms (not signed in, no role yet, a grant that covers only its
resident, a role without this page) and never whether the thing asked for exists. The 500 page
is rendered by Django's own handler from a template that needs no database and no context.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from residents.models import AccessGrant


def _forbidden_reason(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return _("This page is for signed-in staff. Sign in first.")
    if getattr(request, "second_factor_pending", False):
        return _("Pass two-step verification first.")
    if not user.is_superuser and not user.groups.exists():
        return _(
            "Your account has no role yet. Ask the security administrator to assign one."
        )
    if AccessGrant.objects.in_force().filter(requester=user).exists():
        return _(
            "An exceptional access grant covers only the resident and the information it "
            "names, for its purpose and until it expires; it does not cover this page."
        )
    return _(
        "Your role does not include this page or action. If your work needs it, ask your "
        "manager or request exceptional access."
    )


def forbidden(request, exception=None):
    return render(request, "403.html", {"reason": _forbidden_reason(request)}, status=403)
