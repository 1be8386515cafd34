"""ACC-4 / ACC-12: the address in the audit log is the client's, never a header anyone can forge.

X-Forwarded-For is honoured only when the connection comes from a configured trusted proxy
(`TRUSTED_PROXIES`); the client is then the right-most address that is not itself a trusted
proxy. A value that is no IP address is ignored and never breaks a page.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from residents.audit.context import client_address
from residents.models import Resident
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
PRE_REGISTRATION_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since", "phone",
    "service_needs", "remarks",
)


def _request(remote_addr: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def _pre_registration() -> dict:
    data = registration_data(phone="")
    return form_payload({name: data[name] for name in PRE_REGISTRATION_FIELDS})


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_a_trusted_proxy_gives_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]
    # The client may prepend anything; only what the trusted proxies appended counts.
    forwarded = "1.2.3.4, 203.0.113.5, 172.16.5.1"
    assert client_address(_request(PROXY, forwarded)) == "203.0.113.5"


def test_a_trusted_proxy_with_only_trusted_hops_gives_the_peer(settings):
    settings.TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]
    assert client_address(_request(PROXY, "172.16.5.1")) == PROXY


def test_ipv6_addresses_and_networks_are_understood(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32"]
    assert client_address(_request("2001:db8::1", "2001:db8:ffff::9, 2400:cb00::7")) == (
        "2400:cb00::7"
    )


@pytest.mark.parametrize(
    "forwarded",
    ["not-an-ip", "203.0.113.5'; DROP TABLE x;--", "999.1.1.1", "", " , ,", "unknown", "%00"],
)
def test_a_forwarded_value_that_is_no_address_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(_request(PROXY, forwarded)) == PROXY


def test_a_peer_address_that_is_no_ip_is_not_stored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("not-an-ip")) is None


def test_a_forged_header_never_reaches_the_log_of_an_anonymous_form(client, settings):
    settings.TRUSTED_PROXIES = []
    payload = _pre_registration()
    response = client.post(
        reverse("preregister"), payload, REMOTE_ADDR="192.0.2.20",
        HTTP_X_FORWARDED_FOR="not-an-ip",
    )
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=payload["id_number"])
    created = LogEntry.objects.get_for_object(resident).get(action=LogEntry.Action.CREATE)
    assert created.remote_addr == "192.0.2.20"


def test_a_forged_header_never_reaches_the_log_of_a_staff_read(
    front_desk_client, settings
):
    settings.TRUSTED_PROXIES = []
    resident = make_resident()
    response = front_desk_client.get(
        reverse("residents:detail", args=[resident.pk]), REMOTE_ADDR="192.0.2.21",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert response.status_code == 200
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(resident.pk))
    assert {entry.remote_addr for entry in reads} == {"192.0.2.21"}


def test_the_trusted_proxy_chain_reaches_the_log_of_an_anonymous_form(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    payload = _pre_registration()
    client.post(
        reverse("preregister"), payload, REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.77",
    )
    resident = Resident.objects.get(id_number=payload["id_number"])
    created = LogEntry.objects.get_for_object(resident).get(action=LogEntry.Action.CREATE)
    assert created.remote_addr == "203.0.113.77"


def test_a_forwarded_port_that_is_no_port_never_breaks_a_form(client, settings):
    settings.TRUSTED_PROXIES = []
    payload = _pre_registration()
    response = client.post(
        reverse("preregister"), payload, HTTP_X_FORWARDED_PORT="99999999999999999999"
    )
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=payload["id_number"])
    created = LogEntry.objects.get_for_object(resident).get(action=LogEntry.Action.CREATE)
    assert created.remote_port is None


@pytest.mark.parametrize("value", ["10.0.0.0/33", "proxy.example", "10.0.0.1;10.0.0.2"])
def test_a_trusted_proxy_that_is_no_address_stops_the_start_up(value):
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={**os.environ, "TRUSTED_PROXIES": value},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


def test_trusted_proxies_are_read_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.TRUSTED_PROXIES)"],
        env={**os.environ, "TRUSTED_PROXIES": "10.0.0.2, 172.16.0.0/12"},
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip() == "['10.0.0.2', '172.16.0.0/12']"
