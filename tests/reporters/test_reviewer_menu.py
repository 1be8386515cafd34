"""A designated group reviewer who is not a manager finds in the reporters' menu the pages that
open for them (their groups' reports, reporters, tasks, training …) and nothing that does not."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from residents import roles
from tests.factories import make_user
from tests.reporters.helpers import make_group, make_reporter

pytestmark = pytest.mark.django_db


def _menu_links(client: Client) -> list[str]:
    page = client.get(reverse("reporters:report_list")).content.decode()
    menu = re.search(r'<nav class="reporter-actions".*?</nav>', page, re.S).group(0)
    return re.findall(r'href="([^"]+)"', menu)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [roles.FRONT_DESK, roles.REPORTER, roles.MANAGER])
def test_every_link_of_the_menu_opens(role):
    manager = make_user(roles.MANAGER)
    if role == roles.REPORTER:
        user, _profile = make_reporter(manager)
    else:
        user = manager if role == roles.MANAGER else make_user(role)
        make_group(manager, reviewer=user)
    client = _client(user)
    links = _menu_links(client)
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_reviewer_gets_the_group_pages_but_not_the_managers():
    manager = make_user(roles.MANAGER)
    reviewer = make_user(roles.FRONT_DESK)
    make_group(manager, reviewer=reviewer)
    links = _menu_links(_client(reviewer))
    for name in ("report_list", "reporter_list", "task_list", "training_list"):
        assert reverse(f"reporters:{name}") in links
    for name in ("group_list", "weekly", "report_new"):
        assert reverse(f"reporters:{name}") not in links
