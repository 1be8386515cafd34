"""ACC-11: pages and files with personal data are never stored by a browser or a proxy, and every
page tells the browser which features it may not use."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from residents.access.policy import policy_for
from residents.people import services
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY_DENIED = ["camera", "microphone", "geolocation", "payment", "usb"]


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.fixture
def verified(front_desk):
    return make_resident(actor=front_desk, status="verified")


def test_staff_pages_are_not_stored(front_desk_client, verified):
    for url in [
        reverse("home"),
        reverse("residents:list"),
        reverse("residents:detail", args=[verified.pk]),
    ]:
        response = front_desk_client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_public_forms_and_the_login_page_are_not_stored(client):
    for url in [reverse("login"), reverse("preregister")]:
        response = client.get(url)
        assert _no_store(response), url


def test_refusals_on_resident_urls_are_not_stored(front_desk_client):
    response = front_desk_client.get(reverse("residents:detail", args=[999999]))
    assert _no_store(response)


def test_a_printed_slip_is_not_stored(front_desk_client, verified):
    response = front_desk_client.post(reverse("residents:slip_print", args=[verified.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _no_store(response)


def test_a_signed_scan_is_not_stored(settings, tmp_path, front_desk_client, front_desk, verified):
    settings.MEDIA_ROOT = tmp_path / "media"
    slip, _pdf = services.slip_print(
        resident=verified, actor=front_desk, policy=policy_for(front_desk)
    )
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.slip_mark_signed(
        slip=slip, actor=front_desk,
        signed_on=timezone.localdate() - datetime.timedelta(days=1), scan=scan,
    )
    response = front_desk_client.get(reverse("residents:slip_scan", args=[slip.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert _no_store(response)


def test_an_audit_export_is_not_stored(client, manager):
    client.force_login(manager)
    response = client.get(reverse("audit:export") + "?format=csv")
    assert response.status_code == 200
    assert _no_store(response)


def test_pages_deny_powerful_browser_features(client):
    response = client.get(reverse("login"))
    policy = response["Permissions-Policy"]
    for feature in PERMISSIONS_POLICY_DENIED:
        assert f"{feature}=()" in policy


def test_pages_forbid_sniffing_framing_and_cross_origin_referrers(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_static_files_keep_their_cache_lifetime(client, settings):
    response = client.get(static("js/app.js"))
    assert response.status_code == 200
    assert not _no_store(response)
