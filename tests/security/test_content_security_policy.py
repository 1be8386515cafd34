"""ACC-11: a strict content security policy, and templates that need nothing inline to work."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from config.settings import BASE_DIR

TEMPLATES = BASE_DIR / "templates"

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def _browser_templates() -> list:
    """Every template a browser renders; PDF templates (WeasyPrint) keep their inline styles."""
    return sorted(
        path for path in TEMPLATES.rglob("*.html") if "pdf" not in path.relative_to(TEMPLATES).parts
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("login"), reverse("preregister")])
def test_public_pages_carry_the_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == EXPECTED


@pytest.mark.django_db
def test_staff_pages_carry_the_strict_policy(front_desk_client):
    response = front_desk_client.get(reverse("home"))
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert _directives(header) == EXPECTED
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_the_browser_templates_are_checked():
    names = {path.relative_to(TEMPLATES).as_posix() for path in _browser_templates()}
    assert "base.html" in names
    assert "casework/change/request_form.html" in names
    assert not any("pdf" in name.split("/") for name in names)


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("inline script", r"<script(?![^>]*\bsrc=)[^>]*>"),
        ("style block", r"<style\b"),
        ("style attribute", r"\sstyle\s*="),
        ("event handler attribute", r"\son[a-z]+\s*="),
        ("javascript: URL", r"javascript:"),
    ],
)
def test_no_browser_template_needs_anything_inline(what, pattern):
    offenders = [
        path.relative_to(TEMPLATES).as_posix()
        for path in _browser_templates()
        if re.search(pattern, path.read_text(), flags=re.IGNORECASE)
    ]
    assert offenders == [], f"{what} in {offenders}"
