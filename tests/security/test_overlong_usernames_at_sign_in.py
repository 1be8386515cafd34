"""A username longer than any account's is refused next to its field at sign-in, never a 500.

Django's sign-in forms cap the username's length only in the page (the input's maxlength): a
longer one posted anyway was still tried, and recording the failed attempt (django-axes keeps at
most 255 characters) broke the request. Found by tests/security/test_forms_never_answer_5xx.py.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

MESSAGE = "用户名最多 150 个字符。"


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
@pytest.mark.parametrize("length", [151, 256, 3000])
def test_an_overlong_username_is_refused_next_to_the_field_and_nothing_is_recorded(
    client, url_name, length
):
    response = client.post(reverse(url_name), {"username": "壮" * length, "password": "x" * 12})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_username_of_the_longest_allowed_length_is_tried_as_usual(client, url_name):
    response = client.post(reverse(url_name), {"username": "壮" * 150, "password": "x" * 12})
    assert response.status_code == 200
    assert MESSAGE not in response.content.decode()
    assert AccessAttempt.objects.get().username == "壮" * 150
