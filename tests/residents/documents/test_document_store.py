"""The document store: files are checked by content, stored once, opened by policy, and a damaged
file is never served."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from PIL import Image

from residents import roles
from residents.access.fields import FieldGroup
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.documents.services import document_delete, document_read, document_store
from residents.models import Notification
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (4, 4), 128).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_scan_is_stored_with_its_hash_size_and_type(media, front_desk):
    document = document_store(data=PNG, kind="id_scan", uploaded_by=front_desk)
    assert document.sha256 == hashlib.sha256(PNG).hexdigest()
    assert document.size == len(PNG) and document.content_type == "image/png"
    assert Path(media, document.storage_name).read_bytes() == PNG
    assert not str(Path(media, document.storage_name)).startswith(str(settings.STATIC_ROOT))


def test_the_same_file_uploaded_twice_is_stored_once(media, front_desk):
    first = document_store(data=PDF, kind="case_material", uploaded_by=front_desk)
    second = document_store(data=PDF, kind="case_material", uploaded_by=front_desk)
    assert first.pk != second.pk
    assert len(list(Path(media, "documents").rglob("*.pdf"))) == 1
    document_delete(document=first)
    assert Path(media, second.storage_name).exists()  # still used by the second row


@pytest.mark.parametrize(
    ("data", "allowed"),
    [
        (b"<?php echo 1; ?>", ("pdf", "jpeg", "png")),
        (b"\x89PNG\r\n\x1a\nnot really a picture", ("png",)),  # starts like one, isn't
        (PDF, ("jpeg", "png")),  # a PDF where only images are allowed (a seal)
        (b"%PDF-1.4 truncated", ("pdf",)),
    ],
    ids=["script", "fake-png", "pdf-where-images-only", "truncated-pdf"],
)
def test_a_file_that_is_not_what_is_allowed_is_refused_in_chinese(media, front_desk, data,
                                                                   allowed):
    with pytest.raises(ActionRefused) as refusal:
        document_store(data=data, kind="other", uploaded_by=front_desk, allowed=allowed)
    assert "只能上传" in str(refusal.value.message)
    assert not Path(media).exists() or not list(Path(media).rglob("*"))


def test_an_empty_or_oversized_file_is_refused(media, front_desk, settings):
    with pytest.raises(ActionRefused):
        document_store(data=b"", kind="other", uploaded_by=front_desk)
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ActionRefused) as refusal:
        document_store(data=PDF, kind="other", uploaded_by=front_desk)
    assert "MB" in str(refusal.value.message)


def test_a_sensitive_scan_opens_only_for_viewers_of_the_sensitive_group(media, front_desk,
                                                                         manager):
    resident = make_resident(actor=front_desk)
    document = document_store(
        data=PNG, kind="id_scan", uploaded_by=front_desk, resident=resident,
        field_groups=[FieldGroup.SENSITIVE],
    )
    assert document_read(user=manager, document=document,
                         purpose=ReadPurpose.SIGNED_SLIP_SCAN) == PNG
    reporter = make_user(roles.REPORTER)
    with pytest.raises(PermissionDenied):
        document_read(user=reporter, document=document, purpose=ReadPurpose.SIGNED_SLIP_SCAN)


def test_reading_a_residents_document_is_recorded_in_the_trail(media, front_desk, manager):
    from auditlog.models import LogEntry

    resident = make_resident(actor=front_desk)
    document = document_store(data=PDF, kind="id_scan", uploaded_by=front_desk,
                              resident=resident)
    before = LogEntry.objects.filter(object_pk=str(resident.pk)).count()
    document_read(user=manager, document=document, purpose=ReadPurpose.SIGNED_SLIP_SCAN)
    entry = LogEntry.objects.filter(object_pk=str(resident.pk)).latest("pk")
    assert LogEntry.objects.filter(object_pk=str(resident.pk)).count() == before + 1
    assert entry.additional_data["document"] == document.pk


def test_a_damaged_file_is_never_served_and_the_administrators_are_told(media, front_desk,
                                                                        manager):
    admin = make_user(roles.SYSADMIN)
    document = document_store(data=PDF, kind="case_material", uploaded_by=front_desk)
    Path(media, document.storage_name).write_bytes(PDF.replace(b"1.4", b"1.7"))
    for _ in range(2):
        with pytest.raises(ActionRefused) as refusal:
            document_read(user=manager, document=document, purpose=ReadPurpose.SIGNED_SLIP_SCAN)
    assert "损坏" in str(refusal.value.message)
    assert Notification.objects.filter(recipient=admin).count() == 1
