"""The morning overview shows each work list the user may open, and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _titles(client) -> list[str]:
    response = client.get(reverse("residents:worklists"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return [str(card["title"]) for card in response.context["cards"]]


def test_front_desk_sees_rechecks_emergencies_and_services_but_no_register(front_desk_client):
    titles = _titles(front_desk_client)
    assert titles == [
        "Re-checks due", "Open emergencies", "Services in progress",
        # Files due per age class (CLS-4): the front desk sees the growth files, not the
        # health files (comprehensive information); residents' own reports (TRK-5).
        "Without a file: Growth file (minor)", "Residents' own reports to confirm",
        "Overdue cases", "Cases due soon", "Return visits due", "Late change declarations",
        # The front desk may be responsible for a rectification (SUP-5).
        "Overdue rectifications",
    ]
    page = front_desk_client.get(reverse("residents:worklists")).content.decode()
    assert reverse("residents:worklist_key_person_visits") not in page


def test_manager_also_sees_key_person_visits_and_hardship_reviews(manager_client):
    titles = _titles(manager_client)
    assert "Overdue key-person visits" in titles
    assert "Hardship reviews due" in titles
