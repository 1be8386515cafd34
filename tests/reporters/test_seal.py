"""A reporter's personal seal (REP-12): an image only, stamping the written emergency report of
a reporter whose work group has no seal."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reporters.emergencies import services as emergencies
from residents import roles
from tests.factories import make_user
from tests.reporters.helpers import PNG_1X1, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def _upload(client, profile, data: bytes, name: str):
    return client.post(
        reverse("reporters:reporter_seal_upload", args=[profile.pk]),
        {"seal": SimpleUploadedFile(name, data)},
    )


def test_a_pdf_is_refused_as_a_seal_image(client, manager):
    _reporter, profile = make_reporter(manager)
    client.force_login(manager)
    response = _upload(client, profile, b"%PDF-1.4\n%%EOF\n", "seal.pdf")
    assert response.status_code == 200
    assert 'id="id_seal_error"' in response.content.decode()
    profile.refresh_from_db()
    assert profile.seal is None


def test_the_personal_seal_stamps_the_emergency_report_without_a_group_seal(client, manager):
    reporter, profile = make_reporter(manager)  # no work group
    client.force_login(manager)
    assert _upload(client, profile, PNG_1X1, "seal.png").status_code == 302
    profile.refresh_from_db()
    assert profile.seal is not None
    called = timezone.now() - datetime.timedelta(minutes=10)
    call = emergencies.emergency_log_call(
        actor=reporter, reporter=reporter, kind="fire", called_at=called, basic_facts="冒烟"
    )
    emergencies.emergency_write(actor=reporter, call=call, occurred_at=called, place="五号楼",
                                course="起火", impact_scope="一户", measures_taken="扑灭")
    client.force_login(reporter)
    assert client.get(reverse("reporters:reporter_seal", args=[profile.pk])).status_code == 200
    response = client.post(reverse("reporters:emergency_print", args=[call.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert any(page.images for page in reader.pages), "the personal seal is printed"
