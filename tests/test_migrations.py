"""The models and the committed migrations agree: `makemigrations --check` finds nothing to do."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_models_have_no_unmigrated_changes():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits with status 1 when a migration is missing
        pytest.fail(f"makemigrations --check exited with {exit_.code}:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
