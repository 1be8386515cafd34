"""seed_demo fills the reporters: groups, signed agreements, reports in every state."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reporters.models import (
    Assessment,
    DeviceCheck,
    DisclosureRequest,
    EmergencyCall,
    Penalty,
    Report,
    ReporterProfile,
    ReporterTask,
    ReportStatus,
    Reward,
    TrainingSession,
    WorkGroup,
    WorkMeeting,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_reporters_once_and_the_reporter_lands_on_their_home(client):
    call_command("seed_demo", residents=5, stdout=io.StringIO())
    assert WorkGroup.objects.filter(seal__isnull=False).count() == 2
    assert all(p.agreement_signed for p in ReporterProfile.objects.all())
    assert set(Report.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert EmergencyCall.objects.count() == 2
    # The management of the reporters: every subject has something to show.
    for model in (ReporterTask, TrainingSession, Assessment, Reward, Penalty, DisclosureRequest,
                  WorkMeeting, DeviceCheck):
        assert model.objects.exists(), model.__name__
    assert Assessment.objects.filter(finalised_at__isnull=False).exists()
    assert ReporterProfile.objects.filter(seal__isnull=False).exists()
    counts = (Report.objects.count(), EmergencyCall.objects.count(),
              ReporterTask.objects.count())
    call_command("seed_demo", residents=5, stdout=io.StringIO())
    assert (Report.objects.count(), EmergencyCall.objects.count(),
            ReporterTask.objects.count()) == counts

    client.force_login(ReporterProfile.objects.get(user__username="reporter").user)
    page = client.get(reverse("home")).content.decode()
    assert "信息报告员首页" in page and "报告紧急事件" in page
    assert "走访东区独居老人" in page  # the open task
