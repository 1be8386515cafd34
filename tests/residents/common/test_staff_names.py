from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_staff_names_are_written_family_name_first(client):
    from django.contrib.auth.models import User

    user = User.objects.create(username="wangli", first_name="丽", last_name="王")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "王丽" in page
