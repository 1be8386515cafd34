"""A page that sends the user back to `next` follows only a path of this site: a value that is
no path (found by the form fuzz test: "0" was taken for a URL name) goes to the default page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from residents.common.redirects import next_url


@pytest.mark.parametrize(
    "value", ["0", "home", "residents:list", "https://evil.example/", "//evil.example/", "",
              "/\\evil.example", "javascript:alert(1)"],
)
def test_a_next_value_that_is_no_local_path_gives_the_default(value):
    request = RequestFactory().post("/x/", {"next": value})
    assert next_url(request, "residents:grant_list") == "residents:grant_list"


def test_a_local_path_is_followed():
    request = RequestFactory().post("/x/", {"next": "/residents/worklists/?tab=rechecks"})
    assert next_url(request, "residents:grant_list") == "/residents/worklists/?tab=rechecks"
