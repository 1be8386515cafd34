"""The archive index searched by a resident's name (ARC-6)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from archives.models import ArchiveCategory, ContentClass, VolumeItem
from archives.volumes import services as volumes
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def volume_of_two(front_desk, manager):
    found = make_resident(actor=front_desk, name="诸葛晓风")
    other = make_resident(actor=front_desk, name="司马青云")
    volume = volumes.volume_open(
        actor=manager, title="居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.BASIC, year=2024,
    )
    for resident in (found, other):
        VolumeItem.objects.create(volume=volume, resident=resident)
    return volume, found, other


def test_the_catalogue_finds_a_volume_by_part_of_a_residents_name(manager, volume_of_two):
    volume, _found, _other = volume_of_two
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("archives:volume_list"), {"name": "晓风"})
    assert volume.number in page.content.decode()
    nobody = client.get(reverse("archives:volume_list"), {"name": "欧阳无名"})
    assert volume.number not in nobody.content.decode()


def test_the_index_printed_by_name_lists_only_that_residents_archive_with_the_name(
    manager, volume_of_two
):
    _volume, found, other = volume_of_two
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("archives:index_pdf"), {"name": "诸葛晓风"})
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert found.archive_number in text and "诸葛晓风" in text
    assert other.archive_number not in text and "司马青云" not in text
