"""ACC-9: a signed scan shows what its print showed, so it opens only to users who may see
every field group that print showed in full.

A manager's print carries the full ID number (comprehensive information): its signed scan is
the same paper, photographed. The front desk must neither open it (a crafted address included)
nor be offered the link; a scan of a front-desk print stays open to the front desk.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents import roles
from residents.models import Slip
from tests.access_matrix.world import PNG_1X1
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _print_and_scan(client, resident) -> Slip:
    """Print the confirmation slip, then record it signed with a scan of the signed paper."""
    assert client.post(reverse("residents:slip_print", args=[resident.pk])).status_code == 200
    slip = Slip.objects.filter(resident=resident).order_by("-pk").first()
    # The scan shows what the print showed: here the full ID number, as a manager's would.
    scan = SimpleUploadedFile(
        "signed.pdf", b"%PDF-1.4\n% " + resident.id_number.encode() + b"\n%%EOF\n",
        content_type="application/pdf",
    )
    response = client.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scan": scan},
    )
    assert response.status_code == 302
    slip.refresh_from_db()
    assert slip.signed_document is not None
    return slip


def _scan_url(slip: Slip) -> str:
    return reverse("residents:slip_scan", args=[slip.pk])


def test_a_manager_print_scan_is_closed_to_the_front_desk(front_desk, manager):
    managing, client = Client(), Client()
    managing.force_login(manager)
    resident = make_resident()
    slip = _print_and_scan(managing, resident)
    assert "sensitive" in slip.field_groups

    opened = managing.get(_scan_url(slip))
    assert opened.status_code == 200
    assert resident.id_number.encode() in opened.content

    client.force_login(front_desk)
    # The crafted request is refused, and nothing of the file is sent.
    refused = client.get(_scan_url(slip))
    assert refused.status_code == 403
    assert resident.id_number.encode() not in refused.content
    page = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert slip.verification_code in page  # the print itself is listed
    assert _scan_url(slip) not in page
    assert "扫描件已存档" in page


def test_a_front_desk_print_scan_stays_open_to_the_front_desk(front_desk_client):
    client = Client()
    resident = make_resident()
    slip = _print_and_scan(front_desk_client, resident)
    assert "sensitive" not in slip.field_groups
    assert front_desk_client.get(_scan_url(slip)).status_code == 200
    page = front_desk_client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert _scan_url(slip) in page

    # Another front-desk user too, and a manager.
    for role in (roles.FRONT_DESK, roles.MANAGER):
        client.force_login(make_user(role))
        assert client.get(_scan_url(slip)).status_code == 200


def test_a_front_desk_upload_to_a_manager_print_is_still_closed_to_the_front_desk(
    front_desk, manager
):
    """What counts is what the paper shows, not who scanned it."""
    at_desk, managing = Client(), Client()
    at_desk.force_login(front_desk)
    managing.force_login(manager)
    resident = make_resident()
    assert managing.post(reverse("residents:slip_print", args=[resident.pk])).status_code == 200
    slip = Slip.objects.get(resident=resident)
    scan = SimpleUploadedFile("signed.png", PNG_1X1)
    at_desk.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scan": scan},
    )
    slip.refresh_from_db()
    assert slip.signed_document is not None
    assert at_desk.get(_scan_url(slip)).status_code == 403
    assert managing.get(_scan_url(slip)).status_code == 200
