"""A record number in a URL beyond what the database can hold answers 404, never 500.

Keys are PostgreSQL bigints (at most 2**63 - 1). Every URL with a number in it uses the one
`id` converter, which matches only numbers the database can hold.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from residents.common.converters import MAX_KEY

pytestmark = pytest.mark.django_db

TOO_BIG = ["9223372036854775808", "99999999999999999999", "9" * 400]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns=None, prefix: str = ""):
    """(route, converter names) of every path() route of the project, admin aside."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if route.startswith("admin/") or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            yield full, [match.group(1) for match in CONVERTER.finditer(full)]


NUMBERED = sorted(
    route for route, converters in _routes() if {"id", "int"} & set(converters)
)


def test_every_number_in_a_url_uses_the_key_converter():
    assert len(NUMBERED) > 50
    offending = [route for route, converters in _routes() if "int" in converters]
    assert offending == []


def test_the_converter_takes_the_largest_key_and_refuses_one_more():
    assert MAX_KEY == 2**63 - 1
    url = reverse("residents:detail", kwargs={"pk": MAX_KEY})
    assert url == f"/residents/{MAX_KEY}/"


def _filled(route: str, number: str) -> str:
    """The route with `number` for every record number and a plausible word for the rest."""
    return CONVERTER.sub(
        lambda match: number if match.group(1) in ("id", "int") else "address", route
    )


@pytest.fixture
def superuser_client(client):
    # A superuser passes every permission check: the lookup itself is what is tested.
    user = User.objects.create(username="root-tester", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("route", NUMBERED)
def test_a_too_big_number_answers_404_on_every_route(superuser_client, route):
    for number in TOO_BIG:
        url = "/" + _filled(route, number)
        assert superuser_client.get(url).status_code == 404, url
        assert superuser_client.post(url, {}).status_code == 404, url
    # The largest key the database holds is looked up and not found.
    url = "/" + _filled(route, str(MAX_KEY))
    assert superuser_client.get(url).status_code in (404, 405), url


def test_a_staff_member_gets_404_on_a_too_big_resident_number(front_desk_client):
    assert front_desk_client.get("/residents/99999999999999999999/").status_code == 404
