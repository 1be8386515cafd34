"""Auditors read why a record was viewed: every read purpose named in the code has a label."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from residents.audit.trail import PURPOSE_LABELS

# Helpers of the views that pass the purpose as a positional argument.
READ_HELPERS = {"_log", "_read"}


def _purposes_in_code() -> set[str]:
    found = set()
    for app in ("residents", "casework"):
        for path in Path(settings.BASE_DIR, app).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                values = [kw.value for kw in node.keywords if kw.arg == "purpose"]
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in READ_HELPERS:
                    values += node.args
                found |= {
                    value.value for value in values
                    if isinstance(value, ast.Constant) and isinstance(value.value, str)
                }
    return found


def test_every_read_purpose_in_the_code_has_a_label_for_the_audit_trail():
    purposes = _purposes_in_code()
    assert "household_detail" in purposes  # the scan finds the purposes at all
    assert purposes - PURPOSE_LABELS.keys() == set()
