"""REG-3: draft → submitted → verified, or returned with reasons; refused transitions."""

from __future__ import annotations

import threading

import pytest
from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from residents import roles
from residents.common.errors import ActionRefused
from residents.models import ArchiveSequence, RegistrationStatus, Resident
from residents.people import services
from tests.factories import make_resident, make_user


def _messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in messages.get_messages(response.wsgi_request)]


def _reload(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


# --- allowed transitions -------------------------------------------------------------------


@pytest.mark.django_db
def test_draft_is_submitted_then_verified_with_an_archive_number(front_desk, front_desk2):
    resident = make_resident(actor=front_desk, status="draft")
    assert resident.status == RegistrationStatus.DRAFT
    assert resident.archive_number is None

    services.registration_submit(registration=resident, actor=front_desk)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.SUBMITTED
    assert resident.submitted_at is not None
    assert resident.submitted_by == front_desk

    # Four eyes: a colleague verifies (ACC-8).
    services.registration_verify(registration=resident, actor=front_desk2)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.verified_by == front_desk2
    assert resident.verified_at is not None
    assert resident.archive_number.startswith(f"JM-{timezone.localdate().year}-")


@pytest.mark.django_db
def test_returned_registration_is_corrected_resubmitted_and_verified(front_desk, manager):
    resident = make_resident(actor=front_desk, status="submitted")

    services.registration_return(registration=resident, actor=manager, reason="  住址不完整  ")
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.RETURNED
    assert resident.return_reason == "住址不完整"
    assert resident.returned_by == manager
    assert resident.returned_at is not None
    assert resident.archive_number is None

    services.registration_update(
        registration=resident, actor=front_desk, data={"address": "东城区和平里街道九号楼3单元"}
    )
    services.registration_submit(registration=resident, actor=front_desk)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.SUBMITTED
    assert resident.address == "东城区和平里街道九号楼3单元"

    services.registration_verify(registration=resident, actor=manager)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.verified_by == manager
    assert resident.return_reason == ""
    assert resident.archive_number is not None


# --- refused transitions -------------------------------------------------------------------


@pytest.mark.django_db
def test_verifying_a_draft_is_refused(front_desk):
    resident = make_resident(actor=front_desk, status="draft")
    with pytest.raises(ActionRefused):
        services.registration_verify(registration=resident, actor=front_desk)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.DRAFT
    assert resident.archive_number is None


@pytest.mark.django_db
def test_verifying_twice_is_refused_and_keeps_the_first_archive_number(
    front_desk, front_desk2, manager
):
    resident = make_resident(actor=front_desk, status="verified", verifier=front_desk2)
    number = resident.archive_number
    with pytest.raises(ActionRefused) as refused:
        services.registration_verify(registration=resident, actor=manager)
    assert number in refused.value.message
    resident = _reload(resident)
    assert resident.archive_number == number
    assert resident.verified_by == front_desk2


@pytest.mark.django_db
def test_returning_a_verified_registration_is_refused(front_desk):
    resident = make_resident(actor=front_desk, status="verified")
    with pytest.raises(ActionRefused):
        services.registration_return(registration=resident, actor=front_desk, reason="有误")
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.return_reason == ""


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   \n\t "])
def test_returning_without_a_reason_is_refused(front_desk, reason):
    resident = make_resident(actor=front_desk, status="submitted")
    with pytest.raises(ActionRefused):
        services.registration_return(registration=resident, actor=front_desk, reason=reason)
    assert _reload(resident).status == RegistrationStatus.SUBMITTED


@pytest.mark.django_db
def test_editing_a_verified_registration_is_refused(front_desk):
    resident = make_resident(actor=front_desk, status="verified")
    address = resident.address
    with pytest.raises(ActionRefused):
        services.registration_update(
            registration=resident, actor=front_desk, data={"address": "别处"}
        )
    assert _reload(resident).address == address


@pytest.mark.django_db
def test_verifying_without_documents_checked_is_refused(front_desk):
    resident = make_resident(actor=front_desk, status="submitted", documents_checked=[])
    with pytest.raises(ActionRefused):
        services.registration_verify(registration=resident, actor=front_desk)
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.SUBMITTED
    assert resident.archive_number is None


# --- views ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_desk_verifies_through_the_view_and_sees_a_success_message(
    front_desk_client, front_desk, front_desk2
):
    # Entered by a colleague: four eyes (ACC-8).
    resident = make_resident(actor=front_desk2, status="submitted")
    response = front_desk_client.post(reverse("residents:verify", args=[resident.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert [level for level, _text in _messages(response)] == [messages.SUCCESS]
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.verified_by == front_desk


@pytest.mark.django_db
def test_verify_view_on_a_draft_shows_an_error_and_redirects(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk, status="draft")
    response = front_desk_client.post(reverse("residents:verify", args=[resident.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    shown = _messages(response)
    assert [level for level, _text in shown] == [messages.ERROR]
    assert shown[0][1]
    assert _reload(resident).status == RegistrationStatus.DRAFT


@pytest.mark.django_db
def test_front_desk_returns_through_the_view_with_a_reason(front_desk_client, front_desk):
    resident = make_resident(actor=front_desk, status="submitted")
    response = front_desk_client.post(
        reverse("residents:return", args=[resident.pk]), {"reason": "请补充户籍迁入日期"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert [level for level, _text in _messages(response)] == [messages.SUCCESS]
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.RETURNED
    assert resident.return_reason == "请补充户籍迁入日期"
    assert resident.returned_by == front_desk


@pytest.mark.django_db
def test_return_view_without_a_reason_shows_an_error_and_changes_nothing(
    front_desk_client, front_desk
):
    resident = make_resident(actor=front_desk, status="submitted")
    response = front_desk_client.post(
        reverse("residents:return", args=[resident.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert [level for level, _text in _messages(response)] == [messages.ERROR]
    assert _reload(resident).status == RegistrationStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "payload"), [("residents:verify", {}), ("residents:return", {"reason": "x"})]
)
def test_user_who_sees_residents_but_may_not_verify_gets_403(client, url_name, payload):
    clerk = make_user(None)
    clerk.user_permissions.add(
        Permission.objects.get(content_type__app_label="residents", codename="view_resident"),
        Permission.objects.get(content_type__app_label="residents", codename="change_resident"),
    )
    client.force_login(clerk)
    resident = make_resident(status="submitted")
    # The resident is visible to this user…
    assert client.get(reverse("residents:detail", args=[resident.pk])).status_code == 200
    # …but the action is not allowed.
    response = client.post(reverse(url_name, args=[resident.pk]), payload)
    assert response.status_code == 403
    assert _reload(resident).status == RegistrationStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url_name", "payload"),
    [
        ("get", "residents:detail", {}),
        ("post", "residents:verify", {}),
        ("post", "residents:return", {"reason": "x"}),
    ],
)
def test_other_staff_gets_404_for_a_resident_url(client, other_staff, method, url_name, payload):
    resident = make_resident(status="submitted")
    client.force_login(other_staff)
    response = getattr(client, method)(reverse(url_name, args=[resident.pk]), payload)
    assert response.status_code == 404
    assert _reload(resident).status == RegistrationStatus.SUBMITTED


# --- concurrency ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_verifying_at_once_verify_exactly_once():
    first = make_user(roles.FRONT_DESK)
    second = make_user(roles.MANAGER)
    # Entered by a third: either of the two may verify it (four eyes, ACC-8).
    resident = make_resident(actor=make_user(roles.FRONT_DESK), status="submitted")
    year = timezone.localdate().year
    numbers_before = (
        ArchiveSequence.objects.filter(year=year).values_list("last_number", flat=True).first()
        or 0
    )

    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def verify(actor):
        try:
            barrier.wait(timeout=10)
            services.registration_verify(registration=resident, actor=actor)
            outcome: object = "verified"
        except ActionRefused:
            outcome = "refused"
        except Exception as exc:  # surfaced by the assertion below
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=verify, args=(actor,)) for actor in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert sorted(map(str, outcomes)) == ["refused", "verified"], outcomes
    resident = _reload(resident)
    assert resident.status == RegistrationStatus.VERIFIED
    assert resident.archive_number is not None
    assert Resident.objects.filter(archive_number__isnull=False).count() == 1
    # Exactly one number was taken from the year's sequence.
    assert ArchiveSequence.objects.get(year=year).last_number == numbers_before + 1
    verified_updates = [
        entry
        for entry in LogEntry.objects.get_for_object(resident).filter(
            action=LogEntry.Action.UPDATE
        )
        if (entry.changes or {}).get("status", [None, None])[1] == RegistrationStatus.VERIFIED
    ]
    assert len(verified_updates) == 1
