"""REG-5: the registration confirmation slip (WeasyPrint PDF), its record, and signing it."""

from __future__ import annotations

import datetime
import io
import re
import struct
import zlib

import pytest
from auditlog.models import LogEntry
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from residents.access.policy import policy_for
from residents.models import Slip
from residents.people import services
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

PHONE = "13712345678"
HUKOU = "北京市东城区"


def _png_1x1() -> bytes:
    """A valid 1×1 greyscale PNG, built by hand."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")  # filter byte, one grey pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


PNG = _png_1x1()


def _messages(response) -> list[int]:
    return [m.level for m in messages.get_messages(response.wsgi_request)]


def _pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, text


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _files_under(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def verified(front_desk):
    return make_resident(actor=front_desk, status="verified", phone=PHONE, hukou_location=HUKOU)


@pytest.fixture
def slip(verified, front_desk) -> Slip:
    slip, _pdf = services.slip_print(
        resident=verified, actor=front_desk, policy=policy_for(front_desk)
    )
    return slip


# --- printing ------------------------------------------------------------------------------


def test_front_desk_slip_is_a_one_page_a4_pdf_with_masked_identity(
    front_desk_client, front_desk, verified
):
    response = front_desk_client.post(reverse("residents:slip_print", args=[verified.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert verified.archive_number in disposition
    assert verified.name not in disposition
    assert verified.id_number not in disposition

    slip = Slip.objects.get(resident=verified)
    assert slip.verification_code in disposition
    reader, text = _pdf_text(response.content)
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595) <= 2 and abs(height - 842) <= 2

    flat = _compact(text)
    assert verified.name in flat
    assert verified.archive_number in flat
    assert slip.verification_code in flat
    masked = verified.id_number[:6] + "************"
    assert masked in flat
    assert f"出生日期{verified.birth_date:%Y}-**-**" in flat
    assert verified.birth_date.isoformat() not in flat
    assert "137****5678" in flat
    assert verified.id_number not in flat
    assert PHONE not in flat
    # A sensitive field front desk may not see at all is not printed either.
    assert HUKOU not in flat
    assert "居民签字" in flat and "经办人签字" in flat  # signature lines, in Chinese


def test_manager_slip_shows_the_full_id_number(manager_client, verified):
    response = manager_client.post(reverse("residents:slip_print", args=[verified.pk]))
    assert response.status_code == 200
    _reader, text = _pdf_text(response.content)
    flat = _compact(text)
    assert verified.id_number in flat
    assert PHONE in flat
    assert HUKOU in flat


def test_printing_records_the_slip_and_an_access_entry(front_desk_client, front_desk, verified):
    response = front_desk_client.post(
        reverse("residents:slip_print", args=[verified.pk]), REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 200

    slip = Slip.objects.get(resident=verified)
    assert slip.printed_by == front_desk
    assert slip.kind == "registration"
    assert re.fullmatch(r"[0-9a-f]{64}", slip.content_hash)
    assert slip.signed_on is None

    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        object_pk=str(verified.pk),
        additional_data__purpose="registration_slip",
    )
    assert entry.actor == front_desk
    assert entry.remote_addr == "10.0.0.7"
    assert entry.additional_data["slip"] == slip.verification_code


def test_each_print_is_recorded_with_its_own_code(front_desk_client, verified):
    url = reverse("residents:slip_print", args=[verified.pk])
    assert front_desk_client.post(url).status_code == 200
    # The second print says why.
    assert front_desk_client.post(url, {"reprint_reason": "打印机卡纸"}).status_code == 200
    slips = list(Slip.objects.filter(resident=verified))
    assert len(slips) == 2
    assert slips[0].verification_code != slips[1].verification_code
    # Same content, same hash: the hash identifies what was printed, the code which print.
    assert slips[0].content_hash == slips[1].content_hash


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_printing_for_an_unverified_resident_is_refused(front_desk_client, front_desk, status):
    resident = make_resident(actor=front_desk, status=status)
    response = front_desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert _messages(response) == [messages.ERROR]
    assert not Slip.objects.filter(resident=resident).exists()
    assert not LogEntry.objects.filter(
        object_pk=str(resident.pk), additional_data__purpose="registration_slip"
    ).exists()


# --- signing -------------------------------------------------------------------------------


def test_marking_signed_with_a_png_scan_stores_it_for_download(
    settings, media_root, front_desk_client, front_desk, slip
):
    settings.UPLOAD_MAX_BYTES = len(PNG)  # exactly at the limit is allowed
    signed_on = timezone.localdate() - datetime.timedelta(days=1)
    upload = SimpleUploadedFile(f"{slip.resident.name}.png", PNG, content_type="image/png")
    response = front_desk_client.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {"signed_on": signed_on.isoformat(), "scan": upload},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[slip.resident_id])
    assert _messages(response) == [messages.SUCCESS]

    slip.refresh_from_db()
    assert slip.signed_on == signed_on
    assert slip.signed_recorded_by == front_desk
    assert slip.signed_recorded_at is not None
    # Stored once in the document store under its SHA-256: the uploaded name is not kept.
    assert slip.signed_document.content_type == "image/png"
    assert slip.signed_document.storage_name.endswith(f"{slip.signed_document.sha256}.png")
    assert slip.signed_document.field_groups == sorted(slip.field_groups)
    stored = _files_under(media_root)
    assert len(stored) == 1
    assert stored[0].read_bytes() == PNG

    download = front_desk_client.get(
        reverse("residents:slip_scan", args=[slip.pk]), REMOTE_ADDR="10.0.0.9"
    )
    assert download.status_code == 200
    # Consuming the stream lets the test client close the file (and not the DB connection).
    assert download.content == PNG
    assert slip.verification_code in download["Content-Disposition"]
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        object_pk=str(slip.resident_id),
        additional_data__purpose="signed_slip_scan",
    )
    assert entry.actor == front_desk
    assert entry.remote_addr == "10.0.0.9"


def test_marking_signed_without_a_scan_records_the_date(media_root, front_desk_client, slip):
    today = timezone.localdate()
    response = front_desk_client.post(
        reverse("residents:slip_sign", args=[slip.pk]), {"signed_on": today.isoformat()}
    )
    assert _messages(response) == [messages.SUCCESS]
    slip.refresh_from_db()
    assert slip.signed_on == today
    assert slip.signed_document is None
    assert _files_under(media_root) == []


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [
        ("signed.txt", b"signed by the resident", "text/plain"),
        ("signed.png", b"this is plain text pretending to be a PNG", "image/png"),
        ("signed.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ],
)
def test_scan_that_is_not_an_image_or_pdf_is_refused_and_nothing_saved(
    media_root, front_desk_client, slip, filename, content, content_type
):
    response = front_desk_client.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile(filename, content, content_type=content_type),
        },
    )
    assert response.status_code == 302
    assert _messages(response) == [messages.ERROR]
    slip.refresh_from_db()
    assert slip.signed_on is None
    assert slip.signed_document is None
    assert _files_under(media_root) == []


def test_scan_over_the_size_limit_is_refused(settings, media_root, front_desk_client, slip):
    settings.UPLOAD_MAX_BYTES = len(PNG) - 1
    response = front_desk_client.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("signed.png", PNG, content_type="image/png"),
        },
    )
    assert _messages(response) == [messages.ERROR]
    slip.refresh_from_db()
    assert slip.signed_on is None
    assert slip.signed_document is None
    assert _files_under(media_root) == []


def test_signed_date_in_the_future_is_refused(media_root, front_desk_client, slip):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = front_desk_client.post(
        reverse("residents:slip_sign", args=[slip.pk]), {"signed_on": tomorrow.isoformat()}
    )
    assert _messages(response) == [messages.ERROR]
    slip.refresh_from_db()
    assert slip.signed_on is None


def test_signing_twice_is_refused_and_keeps_the_first_record(
    media_root, client, manager, front_desk, slip
):
    first_date = timezone.localdate() - datetime.timedelta(days=2)
    url = reverse("residents:slip_sign", args=[slip.pk])
    client.force_login(front_desk)
    first = client.post(url, {"signed_on": first_date.isoformat()})
    assert _messages(first) == [messages.SUCCESS]

    client.force_login(manager)
    second = client.post(
        url,
        {
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("signed.png", PNG, content_type="image/png"),
        },
    )
    assert second.status_code == 302
    # Messages live in the session: the front desk's undisplayed success message went with its
    # session, and the manager sees only the refusal.
    assert _messages(second) == [messages.ERROR]
    slip.refresh_from_db()
    assert slip.signed_on == first_date
    assert slip.signed_recorded_by == front_desk
    assert slip.signed_document is None
    assert _files_under(media_root) == []


def test_scan_download_without_a_scan_is_refused(front_desk_client, slip):
    response = front_desk_client.get(reverse("residents:slip_scan", args=[slip.pk]))
    assert response.status_code == 403


def test_other_staff_cannot_print_sign_or_download(client, other_staff, verified, slip):
    client.force_login(other_staff)
    assert client.post(reverse("residents:slip_print", args=[verified.pk])).status_code == 404
    response = client.post(
        reverse("residents:slip_sign", args=[slip.pk]),
        {"signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    assert client.get(reverse("residents:slip_scan", args=[slip.pk])).status_code == 404
    slip.refresh_from_db()
    assert slip.signed_on is None
    assert Slip.objects.filter(resident=verified).count() == 1
