"""Chinese is the default language, English must work too, and no UI string is left untranslated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _po_entries(text: str):
    """(msgid, [msgstr…], flags) for each entry of a .po file."""
    entries = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, parts = None, {}
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                parts[current] = match.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if "msgid" in parts and parts["msgid"]:
            strs = [value for key, value in parts.items() if key.startswith("msgstr")]
            entries.append((parts["msgid"], strs, flags))
    return entries


def test_every_ui_string_has_a_chinese_translation():
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, flags in entries if not all(strs) or "fuzzy" in flags]
    assert untranslated == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert "工作人员登录" in page
    assert 'lang="zh-Hans"' in page


@pytest.mark.django_db
def test_english_is_available(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff log in" in page

