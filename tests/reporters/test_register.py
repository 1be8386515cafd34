"""The reporter register (REP-1, REP-12, REP-15): agreement before filing, revoking at once."""

from __future__ import annotations

import io

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reporters.models import ReportStatus
from reporters.profiles import services as profiles
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import PASSWORD, make_user
from tests.reporters.helpers import OPINION, PNG_1X1, make_group, make_report, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user(roles.MANAGER)


def test_a_reporter_cannot_file_before_the_agreement_is_signed(manager):
    user, profile = make_reporter(manager, signed=False)
    with pytest.raises(ActionRefused, match="保密协议|confidentiality agreement"):
        make_report(user)
    profiles.agreement_printed(actor=manager, profile=profile)
    profiles.agreement_sign(
        actor=manager, profile=profile, signed_on=timezone.localdate(), scan=PNG_1X1
    )
    assert make_report(user, submit=True).status == ReportStatus.SUBMITTED


def test_the_agreement_is_signed_only_after_it_was_printed(manager):
    _user, profile = make_reporter(manager, signed=False)
    with pytest.raises(ActionRefused) as refused:
        profiles.agreement_sign(
        actor=manager, profile=profile, signed_on=timezone.localdate(), scan=PNG_1X1
    )
    assert refused.value.field == "signed_on"


def test_the_printed_agreement_names_the_reporter_and_the_duties(client, manager):
    user, profile = make_reporter(manager, signed=False)
    user.first_name, user.last_name = "志强", "刘"
    user.save()
    client.force_login(manager)
    response = client.post(reverse("reporters:agreement_print", args=[profile.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "保密协议" in text
    assert "东区一至五号楼" in text


def test_only_an_account_with_the_reporter_role_is_registered(manager):
    clerk = make_user(roles.FRONT_DESK)
    with pytest.raises(ActionRefused) as refused:
        profiles.reporter_register(
            actor=manager, user=clerk, area="西区", group=None, started_on=timezone.localdate()
        )
    assert refused.value.field == "user"


def test_revoking_a_reporter_ends_their_session_and_sign_in_and_keeps_their_reports(
    client, manager
):
    user, profile = make_reporter(manager)
    report = make_report(user, submit=True)
    signed_in = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("reporters:report_detail", args=[report.pk])).status_code == 200

    profiles.reporter_set_status(
        actor=manager, profile=profile, status="revoked", reason="提供虚假信息"
    )

    response = client.get(reverse("reporters:report_detail", args=[report.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    again = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert again.status_code == 200  # the sign-in form again, with its error
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ActionRefused):
        profiles.reporter_set_status(actor=manager, profile=profile, status="active", reason="")


def test_a_suspended_reporter_cannot_file(manager):
    user, profile = make_reporter(manager)
    profiles.reporter_set_status(actor=manager, profile=profile, status="suspended",
                                 reason="调整岗位")
    with pytest.raises(ActionRefused):
        make_report(user, OPINION)


def test_a_reporter_is_not_the_designated_reviewer_of_a_group(manager):
    reporter = make_user(roles.REPORTER)
    with pytest.raises(ActionRefused) as refused:
        make_group(manager, reviewer=reporter)
    assert refused.value.field == "reviewer"


def test_the_work_file_shows_a_reporter_only_their_own(client, manager):
    user, profile = make_reporter(manager)
    _other, other_profile = make_reporter(manager)
    client.force_login(user)
    assert client.get(reverse("reporters:reporter_detail", args=[profile.pk])).status_code == 200
    assert client.get(
        reverse("reporters:reporter_detail", args=[other_profile.pk])
    ).status_code == 404
