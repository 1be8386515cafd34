"""Every page needs a login except a short, explicit list of public endpoints (ACC, DESIGN)."""

from __future__ import annotations

import itertools
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

pytestmark = pytest.mark.django_db

# The only URLs an anonymous visitor may open without being sent to a login page.
PUBLIC_URLS = {
    "/healthz",
    "/register/",
    "/register/done/",
    "/accounts/login/",
    "/i18n/setlang/",
    "/admin/login/",  # Django admin's own login form
    "/public/guide/",
    "/public/guide/1/",
    "/public/board/",
    "/public/board/notice.pdf",
    "/public/complaints/new/",
    "/public/complaints/done/",
    "/public/affairs/",  # published results of handled affairs (PUB-2)
    "/public/affairs/notice.pdf",
    "/public/whistleblowing/",  # the whistle-blowing channel (SUP-7)
    "/public/whistleblowing/sent/",
    "/public/survey/",  # the satisfaction survey (SUP-7)
    "/public/survey/sent/",
    "/public/policies/",  # policies and regulations (PUB-1)
    "/public/policies/notice.pdf",
    "/public/policies/1/",
    "/public/policies/1/document/",
    "/report/",  # a resident's own report of a change (TRK-5)
    "/report/done/",
    "/verify/",  # verification of printed documents (REG-11)
    "/verify/x",
}
# Public pages about one record: with none in the database they answer 404, never the login.
PUBLIC_RECORD_URLS = {"/public/guide/1/", "/public/policies/1/", "/public/policies/1/document/"}
LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")
MIN_GENERATED_URLS = 10

CONVERTER_SAMPLES = {
    "int": "1",
    "id": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "6f1c1a4e-3c2b-4d8e-9a7f-0b1c2d3e4f50",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route_segment(pattern: RoutePattern) -> str:
    def sample(match: re.Match) -> str:
        converter = match["converter"] or "str"
        assert converter in CONVERTER_SAMPLES, (
            f"add a sample value for the path converter {converter!r} to this test"
        )
        return CONVERTER_SAMPLES[converter]

    return ROUTE_PARAMETER.sub(sample, str(pattern))


def _regex_segments(pattern: RegexPattern, *, endpoint: bool) -> list[str]:
    """Concrete strings the regex accepts, tried from a few sample values; may be empty."""
    regex = pattern.regex
    candidates = ["1", "x", *sorted(config.label for config in apps.get_app_configs())]
    found = []
    for template, params in normalize(regex.pattern):
        for values in itertools.product(candidates, repeat=len(params)):
            segment = template % dict(zip(params, values, strict=True))
            match = regex.fullmatch(segment) if endpoint else regex.match(segment)
            if match and (endpoint or match.end() == len(segment)):
                found.append(segment)
                break
    return found


def _segments(pattern, *, endpoint: bool) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [_route_segment(pattern)]
    if isinstance(pattern, RegexPattern):
        return _regex_segments(pattern, endpoint=endpoint)
    raise AssertionError(f"unknown pattern type {type(pattern)!r}")


def _all_urls(resolver: URLResolver, prefix: str = "/") -> list[tuple[str, URLPattern]]:
    urls = []
    for entry in resolver.url_patterns:
        is_endpoint = isinstance(entry, URLPattern)
        for segment in _segments(entry.pattern, endpoint=is_endpoint):
            if is_endpoint:
                urls.append((prefix + segment, entry))
            else:
                urls.extend(_all_urls(entry, prefix + segment))
    return urls


def _generated_urls() -> list[str]:
    urls = []
    for url, entry in _all_urls(get_resolver()):
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func == entry.callback and url not in urls:
            urls.append(url)
    return urls


GENERATED_URLS = _generated_urls()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PREFIXES)


def test_enough_urls_were_generated_to_cover_the_site():
    assert len(GENERATED_URLS) >= MIN_GENERATED_URLS, GENERATED_URLS
    # The walk reaches included URLconfs: the residents app and the admin.
    assert "/residents/1/edit/" in GENERATED_URLS
    assert any(url.startswith("/admin/") and url != "/admin/login/" for url in GENERATED_URLS)


def test_every_public_url_is_found_by_the_walk():
    assert PUBLIC_URLS - set(GENERATED_URLS) == set()


@pytest.mark.parametrize("url", [url for url in GENERATED_URLS if url not in PUBLIC_URLS])
def test_anonymous_request_is_sent_to_login(client, url):
    response = client.get(url)
    assert _is_login_redirect(response), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("url", [url for url in GENERATED_URLS if url not in PUBLIC_URLS])
def test_anonymous_post_is_sent_to_login(client, url):
    response = client.post(url)
    assert _is_login_redirect(response), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("url", sorted(PUBLIC_URLS))
def test_public_url_answers_without_login(client, url):
    response = client.get(url)
    expected_missing = url in PUBLIC_RECORD_URLS and response.status_code == 404
    assert response.status_code < 400 or expected_missing, response.status_code
    assert not _is_login_redirect(response)


def test_healthz_answers_ok_in_json_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
