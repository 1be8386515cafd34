"""The reporter's own home page (the product's home for users of the reporter role)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from reporters.home.selectors import home_summary
from reporters.profiles.services import may_file


def _is_reporter(user) -> bool:
    # A superuser holds every permission but is no reporter.
    return (
        user.is_authenticated and not user.is_superuser
        and user.has_perm("reporters.file_report")
    )


def reporter_home(request):
    """Offered to residents' home page: a reporter lands here; anyone else gets None."""
    if not _is_reporter(request.user):
        return None
    return render(request, "reporters/home.html",
                  {**home_summary(request.user), "refusal": may_file(request.user)})


def home(request):
    response = reporter_home(request)
    if response is None:
        raise PermissionDenied
    return response
