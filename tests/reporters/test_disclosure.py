"""External disclosure (REP-9): a request names the recipient, purpose and reports; another
manager approves or refuses; nothing leaves without approval; every package is recorded."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from reporters.disclosure import services as disclosure
from reporters.models import DisclosureStatus
from reporters.review import services as review
from residents import roles
from residents.common.errors import ActionRefused
from tests.factories import make_user
from tests.reporters.helpers import make_report, make_reporter

pytestmark = pytest.mark.django_db

ALL_GOOD = dict(truthful=True, complete=True, accurate=True, well_formatted=True, reason="")


@pytest.fixture
def managers():
    return make_user(roles.MANAGER), make_user(roles.MANAGER)


@pytest.fixture
def approved(managers):
    asker, _approver = managers
    reporter, _profile = make_reporter(asker)
    report = make_report(reporter, submit=True)
    review.report_review(actor=asker, report=report, **ALL_GOOD)
    return report


def _ask(asker, reports):
    return disclosure.disclosure_request(
        actor=asker, recipient="区住建局", purpose="道路维修立项", content="道路塌陷情况",
        reports=reports,
    )


def test_the_manager_who_asked_cannot_approve_the_request(managers, approved):
    asker, approver = managers
    request = _ask(asker, [approved])
    with pytest.raises(ActionRefused, match="四眼|four eyes"):
        disclosure.disclosure_decide(actor=asker, disclosure=request, approve=True, note="")
    decided = disclosure.disclosure_decide(
        actor=approver, disclosure=request, approve=True, note="同意"
    )
    assert decided.status == DisclosureStatus.APPROVED and decided.decided_by == approver


def test_nothing_is_given_out_before_approval_nor_after_a_refusal(client, managers, approved):
    asker, approver = managers
    request = _ask(asker, [approved])
    client.force_login(asker)
    response = client.post(reverse("reporters:disclosure_package", args=[request.pk]),
                           follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "批准" in response.content.decode()
    with pytest.raises(ActionRefused) as refused:
        disclosure.disclosure_decide(actor=approver, disclosure=request, approve=False, note="")
    assert refused.value.field == "note"
    disclosure.disclosure_decide(actor=approver, disclosure=request, approve=False,
                                 note="用途不明确")
    with pytest.raises(ActionRefused):
        disclosure.disclosure_release(actor=asker, disclosure=request)


def test_the_approved_package_names_the_recipient_and_is_recorded(client, managers, approved):
    asker, approver = managers
    request = _ask(asker, [approved])
    disclosure.disclosure_decide(actor=approver, disclosure=request, approve=True, note="同意")
    client.force_login(asker)
    response = client.post(reverse("reporters:disclosure_package", args=[request.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "区住建局" in text and "道路维修立项" in text and approved.number in text
    request.refresh_from_db()
    assert request.release_count == 1
    entry = LogEntry.objects.get(object_pk=str(approved.pk),
                                 additional_data__purpose="report_disclosure")
    assert entry.actor == asker and entry.additional_data["recipient"] == "区住建局"


def test_a_draft_is_never_requested_for_disclosure(managers):
    asker, _approver = managers
    reporter, _profile = make_reporter(asker)
    with pytest.raises(ActionRefused) as refused:
        _ask(asker, [make_report(reporter)])
    assert refused.value.field == "reports"


def test_reporters_and_front_desk_never_see_disclosure_requests(client, managers, approved):
    asker, _approver = managers
    request = _ask(asker, [approved])
    for role in (roles.REPORTER, roles.FRONT_DESK):
        client.force_login(make_user(role))
        assert client.get(reverse("reporters:disclosure_list")).status_code == 403
        assert client.get(
            reverse("reporters:disclosure_detail", args=[request.pk])
        ).status_code == 404
