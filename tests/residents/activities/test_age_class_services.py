"""Services per age class (CLS-4), community-organised services (TRK-6) and eligibility by
household registration (CLS-5) for service records."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents.access.fields import FieldGroup
from residents.access.policy import service_kind_group
from residents.activities import services
from residents.common.errors import ActionRefused
from residents.models import ServiceKind, ServiceRecord
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _born(years: int) -> datetime.date:
    today = timezone.localdate()
    return datetime.date(today.year - years, 1, 1)


def _record(resident, kind, actor):
    return services.service_record_create(
        resident=resident, kind=kind, applied_on=timezone.localdate(), note="", actor=actor
    )


def test_a_health_file_is_for_the_elderly_and_a_growth_file_for_minors(front_desk, manager):
    elder = make_resident(actor=front_desk, birth_date=_born(70))
    child = make_resident(actor=front_desk, birth_date=_born(10))
    assert _record(elder, ServiceKind.HEALTH_FILE, manager).pk
    with pytest.raises(ActionRefused) as refused:
        _record(child, ServiceKind.HEALTH_FILE, manager)
    assert refused.value.field == "kind"
    assert _record(child, ServiceKind.GROWTH_FILE, front_desk).pk
    with pytest.raises(ActionRefused):
        _record(elder, ServiceKind.EMPLOYMENT, front_desk)


def test_community_organised_services_are_kinds_of_their_own(front_desk):
    resident = make_resident(actor=front_desk, birth_date=_born(30))
    for kind in (
        ServiceKind.HEALTH_CHECK, ServiceKind.VACCINATION, ServiceKind.SCHOOL_ENROLMENT,
        ServiceKind.HOUSING_CONSULTATION,
    ):
        assert _record(resident, kind, front_desk).kind == kind


def test_health_files_are_comprehensive_information():
    assert service_kind_group(ServiceKind.HEALTH_FILE) == FieldGroup.SENSITIVE
    assert service_kind_group(ServiceKind.GROWTH_FILE) == FieldGroup.SERVICE_NEEDS


def test_a_registered_only_service_is_refused_for_a_non_registered_resident_with_the_reason(
    front_desk,
):
    outsider = make_resident(actor=front_desk, hukou_type="non_registered")
    with pytest.raises(ActionRefused) as refused:
        _record(outsider, ServiceKind.HOUSING_CONSULTATION, front_desk)
    assert "户籍" in str(refused.value.message) or "registered" in str(refused.value.message)
    assert not ServiceRecord.objects.exists()


def test_a_crafted_service_post_for_an_ineligible_resident_is_refused_next_to_the_field(
    front_desk,
):
    outsider = make_resident(actor=front_desk, hukou_type="non_registered")
    client = Client()
    client.force_login(front_desk)
    response = client.post(
        reverse("residents:service_create", args=[outsider.pk]),
        {"kind": ServiceKind.HOUSING_CONSULTATION, "applied_on": timezone.localdate()},
    )
    assert response.status_code == 200
    assert "户籍" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_the_work_list_shows_the_elderly_without_a_health_file(front_desk, manager):
    with_file = make_resident(actor=front_desk, birth_date=_born(75))
    without = make_resident(actor=front_desk, birth_date=_born(80))
    young = make_resident(actor=front_desk, birth_date=_born(40))
    _record(with_file, ServiceKind.HEALTH_FILE, manager)
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("residents:files_due_list"), {"kind": "health_file"})
    names = [row["resident"].pk for row in page.context["rows"]]
    assert without.pk in names
    assert with_file.pk not in names and young.pk not in names
    overview = client.get(reverse("residents:worklists")).content.decode()
    assert "未建档" in overview


def test_the_front_desk_does_not_get_the_health_file_list(front_desk):
    client = Client()
    client.force_login(front_desk)
    page = client.get(reverse("residents:files_due_list"), {"kind": "health_file"})
    assert page.context["kind"] == ServiceKind.GROWTH_FILE
