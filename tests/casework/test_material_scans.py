"""Scans of case materials are kept in the document store (ARC-7)."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from casework.engine import services
from casework.models import CaseKind
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def change_case(front_desk):
    return services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=front_desk, time_limit_days=5,
        resident=make_resident(actor=front_desk), materials=[("租房合同", True)],
    )


def _receive(client, case, data: bytes):
    material = case.materials.get()
    response = client.post(
        reverse("casework:material_receive", args=[case.pk, material.pk]),
        {"scan": SimpleUploadedFile("合同.png", data)},
    )
    material.refresh_from_db()
    return response, material


def test_a_received_materials_scan_is_stored_once_and_opens_from_the_case(
    front_desk, change_case
):
    client = Client()
    client.force_login(front_desk)
    data = _png()
    _response, material = _receive(client, change_case, data)
    assert material.received and material.document is not None
    assert material.document.kind == "case_material" and len(material.document.sha256) == 64
    page = client.get(reverse("casework:case_detail", args=[change_case.pk])).content.decode()
    scan_url = reverse("casework:material_scan", args=[change_case.pk, material.pk])
    assert scan_url in page
    opened = client.get(scan_url)
    assert opened.status_code == 200 and opened.content == data


def test_a_file_that_is_no_picture_or_pdf_is_refused_and_nothing_is_received(
    front_desk, change_case
):
    client = Client()
    client.force_login(front_desk)
    response, material = _receive(client, change_case, b"MZ\x90\x00 not a scan")
    assert response.status_code == 302
    assert not material.received and material.document is None


def test_a_damaged_scan_is_reported_and_never_served(front_desk, change_case):
    client = Client()
    client.force_login(front_desk)
    _response, material = _receive(client, change_case, _png())
    with default_storage.open(material.document.storage_name, "wb") as handle:
        handle.write(b"\x89PNG tampered")
    opened = client.get(
        reverse("casework:material_scan", args=[change_case.pk, material.pk])
    )
    assert opened.status_code == 409
    assert b"tampered" not in opened.content
