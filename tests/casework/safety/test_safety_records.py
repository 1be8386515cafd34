"""Community safety and environment records (SAF-1, SAF-2): each kind, its required facts,
photos in the document store, and findings opening one rectification with a deadline."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from casework.models import (
    Case,
    CaseKind,
    GarbageSchedule,
    Rectification,
    SafetyKind,
    SafetyPhoto,
    SafetyRecord,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (4, 4), 128).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def _data(kind: str, **overrides) -> dict:
    data = {"kind": kind, "occurred_on": TODAY().isoformat(), "place": "三号楼",
            "people": "王工、李工"}
    data.update(overrides)
    return data


EACH_KIND = {
    SafetyKind.PATROL: dict(place="一号门—三号楼—北门", start_time="20:00", end_time="22:00",
                            findings="北门照明损坏", problem_found="on"),
    SafetyKind.FIRE_INSPECTION: dict(findings="灭火器过期", problem_found="on"),
    SafetyKind.FIRE_TRAINING: dict(participant_count="35", content="灭火器使用和疏散演练"),
    SafetyKind.FOOD_INSPECTION: dict(place="好味餐馆", department="市场监管所",
                                     findings="后厨卫生良好"),
    SafetyKind.GARBAGE: dict(place="一区", quantity="两车", destination="区转运站"),
    SafetyKind.GREENING: dict(content="修剪绿篱、补种草皮"),
    SafetyKind.CLEANUP: dict(content="清理楼道堆物"),
}


@pytest.mark.parametrize("kind", list(SafetyKind))
def test_each_kind_of_record_is_kept_and_listed_under_its_kind(manager_client, kind):
    response = manager_client.post(reverse("casework:safety_create"),
                                   _data(kind, **EACH_KIND[kind]))
    record = SafetyRecord.objects.get()
    assert response.status_code == 302 and record.kind == kind
    listing = manager_client.get(reverse("casework:safety_list") + f"?kind={kind}")
    assert record.place in listing.content.decode()
    detail = manager_client.get(reverse("casework:safety_detail", args=[record.pk]))
    assert record.people in detail.content.decode()


@pytest.mark.parametrize("kind, missing", [
    (SafetyKind.PATROL, "start_time"),
    (SafetyKind.FIRE_TRAINING, "participant_count"),
    (SafetyKind.FOOD_INSPECTION, "department"),
    (SafetyKind.GARBAGE, "quantity"),
])
def test_a_record_missing_what_its_kind_needs_is_refused_next_to_the_field(
    manager_client, kind, missing
):
    data = _data(kind, **EACH_KIND[kind])
    data.pop(missing, None)
    if kind == SafetyKind.GARBAGE:
        data.pop("destination")
    response = manager_client.post(reverse("casework:safety_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[missing]
    assert not SafetyRecord.objects.exists()


def test_a_future_date_and_a_problem_without_its_description_are_refused(manager_client):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    future = manager_client.post(reverse("casework:safety_create"),
                                 _data("cleanup", content="清理", occurred_on=tomorrow))
    assert future.context["form"].errors["occurred_on"]
    unexplained = manager_client.post(reverse("casework:safety_create"),
                                      _data("cleanup", content="清理", problem_found="on"))
    assert unexplained.context["form"].errors["findings"]
    assert not SafetyRecord.objects.exists()


def test_a_clean_up_keeps_its_before_and_after_photos_and_refuses_other_files(
    manager_client
):
    refused = manager_client.post(reverse("casework:safety_create"), _data(
        "cleanup", content="清理楼道堆物",
        photo_before=SimpleUploadedFile("before.png", b"#!/bin/sh\necho hi\n"),
    ))
    assert refused.status_code == 200 and not SafetyRecord.objects.exists()
    saved = manager_client.post(reverse("casework:safety_create"), _data(
        "cleanup", content="清理楼道堆物",
        photo_before=SimpleUploadedFile("before.png", PNG),
        photo_after=SimpleUploadedFile("after.png", PNG),
    ))
    assert saved.status_code == 302, saved.context["form"].errors
    record = SafetyRecord.objects.get()
    assert sorted(record.photos.values_list("stage", flat=True)) == ["after", "before"]
    photo = SafetyPhoto.objects.filter(record=record).first()
    download = manager_client.get(reverse("casework:safety_photo", args=[photo.pk]))
    assert download.status_code == 200 and download.content == PNG


def test_findings_open_one_rectification_with_a_deadline(manager_client, front_desk):
    manager_client.post(reverse("casework:safety_create"),
                        _data("fire_inspection", **EACH_KIND["fire_inspection"]))
    record = SafetyRecord.objects.get()
    url = reverse("casework:safety_rectification", args=[record.pk])
    assert url in manager_client.get(
        reverse("casework:safety_detail", args=[record.pk])).content.decode()
    deadline = TODAY() + datetime.timedelta(days=5)
    data = {"finding_text": record.findings, "requirements": "更换过期灭火器",
            "responsible": str(front_desk.pk), "deadline": deadline.isoformat()}
    manager_client.post(url, data)
    manager_client.post(url, data)
    case = Case.objects.get(kind=CaseKind.RECTIFICATION)
    assert Rectification.objects.get().safety_record == record
    assert case.due_on == deadline and case.handler == front_desk
    detail = manager_client.get(reverse("casework:safety_detail", args=[record.pk]))
    assert case.number in detail.content.decode()
    case_page = manager_client.get(reverse("casework:case_detail", args=[case.pk]))
    assert reverse("casework:safety_detail", args=[record.pk]) in case_page.content.decode()


def test_other_staff_record_work_but_only_managers_keep_the_garbage_schedule(
    other_staff, manager_client
):
    client = Client()
    client.force_login(other_staff)
    response = client.post(reverse("casework:safety_create"),
                           _data("garbage", **EACH_KIND["garbage"]))
    assert response.status_code == 302
    schedule = {"area": "一区", "days": "每天", "collection_time": "07:00",
                "collector": "环卫所", "destination": "区转运站", "active": "on"}
    assert client.post(reverse("casework:garbage_schedule"), schedule).status_code == 403
    assert manager_client.post(reverse("casework:garbage_schedule"), schedule).status_code == 302
    page = client.get(reverse("casework:garbage_schedule")).content.decode()
    assert GarbageSchedule.objects.get().collector in page and "两车" in page
