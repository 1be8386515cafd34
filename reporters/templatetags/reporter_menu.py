"""The reporters' menu shows a designated reviewer the pages that open for them."""

from __future__ import annotations

from django import template

from reporters.profiles.selectors import is_reporter_staff

register = template.Library()


@register.simple_tag
def looks_after_reporters(user) -> bool:
    """Managers, and designated reviewers of a work group."""
    return is_reporter_staff(user)
