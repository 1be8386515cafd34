"""Archives (ARC): classification, filing of closed cases, access windows, destruction."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from archives.applications import services as applications
from archives.catalogue.selectors import archive_category
from archives.destruction import services as destruction
from archives.filing.services import case_file
from archives.models import (
    ArchiveCategory,
    ContentClass,
    DestructionStatus,
    Volume,
    VolumeItem,
)
from archives.volumes import services as volumes
from casework.complaints import services as complaint_services
from casework.engine import services as case_services
from casework.models import Case
from residents import roles
from residents.audit.chain import verify_chain
from residents.common.errors import ActionRefused
from residents.models import HukouType, Resident, ResidentAuditKey, Slip
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

NAME = "诸葛晓风"
ADDRESS = "徐汇区漕溪北路88号"
SHANGHAI = timezone.get_default_timezone()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


# --- classification -------------------------------------------------------------------------


def test_the_archive_category_follows_the_record(front_desk, manager):
    resident = make_resident(actor=front_desk, hukou_type=HukouType.REGISTERED)
    assert archive_category(resident) == ArchiveCategory.REGISTERED
    with set_actor(manager):
        resident.hukou_type = HukouType.NON_REGISTERED
        resident.save()
    assert archive_category(Resident.objects.get(pk=resident.pk)) == (
        ArchiveCategory.NON_REGISTERED
    )
    page = _client(manager).get(reverse("archives:resident_archive", args=[resident.pk]))
    assert page.status_code == 200
    assert str(dict(ArchiveCategory.choices)[ArchiveCategory.NON_REGISTERED]) in (
        page.content.decode()
    )


# --- filing ---------------------------------------------------------------------------------


def _closed_complaint(actor) -> Case:
    case = complaint_services.complaint_register(
        actor=actor, channel="hotline", complaint_type="complaint", subject="楼道噪音",
        details="楼道噪音，请尽快处理。", applicant_name="张先生",
    )
    for action in ("investigate", "handle"):
        case = case_services.case_act(case=case, action=action, actor=actor)
    case_services.case_feedback(case=case, channel="phone", text="已电话告知", actor=actor)
    case_services.return_visit_record(case=case, satisfaction=4, comment="", actor=actor)
    return Case.objects.get(pk=case.pk)


def test_a_closed_case_is_filed_once_into_its_years_case_volume(front_desk):
    case = _closed_complaint(front_desk)
    assert case.closed_at is not None
    item = VolumeItem.objects.get(case=case)
    assert item.volume.category == ArchiveCategory.CASES
    assert item.volume.year == timezone.localtime(case.closed_at).year
    assert item.contents["steps"] == case.steps.count()
    assert case_file(case).pk == item.pk
    assert VolumeItem.objects.filter(case=case).count() == 1
    page = _client(front_desk).get(reverse("casework:case_detail", args=[case.pk]))
    assert item.volume.number in page.content.decode()


# --- access applications --------------------------------------------------------------------


@pytest.fixture
def approved(front_desk, manager, manager2):
    resident = make_resident(actor=front_desk)
    volume = volumes.volume_open(
        actor=manager, title="户籍居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.BASIC, year=2026,
    )
    VolumeItem.objects.create(volume=volume, resident=resident)
    application = applications.application_submit(
        actor=front_desk, purpose="核对低保申请材料", volumes=[volume]
    )
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=SHANGHAI), tick=False):
        applications.application_approve(
            application=application, actor=manager, day=datetime.date(2026, 12, 2),
            start=datetime.time(9, 0), end=datetime.time(11, 0), supervisor=manager2,
        )
    return application, resident, volume


def test_the_viewing_window_opens_and_closes_on_time(front_desk, approved):
    application, resident, volume = approved
    url = reverse("archives:application_view", args=[application.pk])
    with time_machine.travel(datetime.datetime(2026, 12, 2, 8, 59, tzinfo=SHANGHAI), tick=False):
        assert _client(front_desk).get(url).status_code == 404
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        client = _client(front_desk)
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        page = client.get(url)
        assert page.status_code == 200
        assert resident.archive_number in page.content.decode()
        assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    with time_machine.travel(datetime.datetime(2026, 12, 2, 11, 0, tzinfo=SHANGHAI), tick=False):
        assert _client(front_desk).get(url).status_code == 404


def test_only_the_applicant_views_and_approvers_cannot_approve_their_own(
    front_desk, manager, approved
):
    application, _resident, volume = approved
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        other = make_user(roles.FRONT_DESK)
        url = reverse("archives:application_view", args=[application.pk])
        assert _client(other).get(url).status_code == 404
    own = applications.application_submit(actor=manager, purpose="自查", volumes=[volume])
    with pytest.raises(ActionRefused):
        applications.application_approve(
            application=own, actor=manager, day=timezone.localdate() + datetime.timedelta(1),
            start=datetime.time(9), end=datetime.time(10), supervisor=front_desk,
        )


def test_the_application_form_prints(front_desk, approved):
    application, _resident, volume = approved
    response = _client(front_desk).get(reverse("archives:application_pdf", args=[application.pk]))
    assert response.status_code == 200
    assert volume.number in _pdf_text(response.content)


# --- destruction ----------------------------------------------------------------------------


@pytest.fixture
def expired_volume(front_desk, manager):
    resident = make_resident(actor=front_desk, name=NAME, address=ADDRESS)
    with set_actor(manager):
        resident.address = "长宁区愚园路1号"
        resident.save()
    volume = volumes.volume_open(
        actor=manager, title="2010年社区活动记录", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.SOCIAL, year=2010,
    )
    VolumeItem.objects.create(volume=volume, resident=resident)
    return volume, resident


def test_destruction_is_refused_before_the_retention_ends(manager):
    recent = volumes.volume_open(
        actor=manager, title="近年档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.SOCIAL, year=timezone.localdate().year,
    )
    with pytest.raises(ActionRefused):
        destruction.batch_propose(actor=manager, volumes=[recent], reason="期满")


def test_destruction_needs_a_second_manager(manager, expired_volume):
    volume, _resident = expired_volume
    batch = destruction.batch_propose(actor=manager, volumes=[volume], reason="保管期限已满")
    with pytest.raises(ActionRefused):
        destruction.batch_approve(batch=batch, actor=manager)
    batch.refresh_from_db()
    assert batch.status == DestructionStatus.PROPOSED


def test_after_destruction_the_data_is_gone_and_the_history_keeps_entries_without_values(
    manager, manager2, expired_volume
):
    volume, resident = expired_volume
    batch = destruction.batch_propose(actor=manager, volumes=[volume], reason="保管期限已满")
    response = _client(manager2).post(reverse("archives:destruction_approve", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == DestructionStatus.DESTROYED

    resident = Resident.objects.get(pk=resident.pk)
    assert NAME not in resident.name and resident.address == ""
    assert not ResidentAuditKey.objects.filter(resident_id=resident.pk).exists()
    detail = _client(manager).get(reverse("residents:detail", args=[resident.pk]))
    assert NAME not in detail.content.decode() and ADDRESS not in detail.content.decode()

    trail = _client(manager).get(reverse("audit:trail"), {"resident": f"#{resident.pk}"})
    cells = json.dumps([row.changes for row in trail.context["rows"]], ensure_ascii=False)
    assert NAME not in cells and ADDRESS not in cells
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Resident), object_pk=str(resident.pk)
    )
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    assert verify_chain().intact

    register = _client(manager).get(
        reverse("archives:destruction_register_pdf", args=[batch.pk])
    )
    text = _pdf_text(register.content)
    assert volume.number in text and resident.archive_number in text
    assert NAME not in text


# --- handovers and inspections --------------------------------------------------------------


def test_a_handover_is_confirmed_by_its_receiver_only_and_prints(front_desk, manager, manager2):
    from archives.handovers import services as handovers

    volume = volumes.volume_open(
        actor=manager, title="户籍居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.BASIC, year=2026,
    )
    handover = handovers.handover_record(
        actor=manager, received_by=front_desk, volumes=[volume], note="整卷移交"
    )
    with pytest.raises(ActionRefused):
        handovers.handover_confirm(actor=manager2, handover=handover)
    confirmed = handovers.handover_confirm(actor=front_desk, handover=handover)
    assert confirmed.received_at is not None
    response = _client(front_desk).get(reverse("archives:handover_pdf", args=[handover.pk]))
    assert volume.number in _pdf_text(response.content)


def test_the_inspection_due_reminder_shows_until_an_inspection_is_recorded(manager, settings):
    from archives.inspections import services as inspections

    settings.ARCHIVE_INSPECTION_INTERVAL_DAYS = 92
    assert inspections.inspection_cards(manager)
    inspections.inspection_record(
        actor=manager, inspected_on=timezone.localdate(), damage=False, mould=False,
        missing=False,
    )
    assert inspections.inspection_cards(manager) == []
    with time_machine.travel(timezone.now() + datetime.timedelta(days=93), tick=False):
        assert inspections.inspection_cards(manager)


def test_the_demo_fills_volumes_an_approved_application_an_inspection_and_a_pending_batch(
    front_desk, manager, manager2
):
    import random

    from archives import demo
    from archives.models import AccessApplication, DestructionBatch, Inspection, Volume

    residents = [make_resident(actor=front_desk) for _ in range(2)]
    users = {"manager": manager, "manager2": manager2, "frontdesk": front_desk}
    assert demo.seed(rng=random.Random(1), users=users, residents=residents) > 0
    assert Volume.objects.count() >= 2
    assert AccessApplication.objects.filter(status="approved").exists()
    assert Inspection.objects.exists()
    assert DestructionBatch.objects.filter(status=DestructionStatus.PROPOSED).exists()
    signed = Slip.objects.get(resident__in=residents, signed_document__isnull=False)
    assert signed.signed_document.kind == "signed_slip"
    assert demo.seed(rng=random.Random(1), users=users, residents=residents) == 0


def test_the_catalogue_pages_by_fifty_volumes_and_names_each_class_retention(manager):
    volumes.retention_set(
        actor=manager, content_class=ContentClass.SOCIAL, retention="30"
    )
    for n in range(51):
        volumes.volume_open(
            actor=manager, title=f"卷{n:02d}", category=ArchiveCategory.REGISTERED,
            content_class=ContentClass.BASIC, year=2020,
        )
    client = _client(manager)
    first = client.get(reverse("archives:volume_list"), {"year": 2020}).content.decode()
    assert first.count("JD-2020-") == 50
    assert "第 1 页，共 2 页" in first
    second = client.get(
        reverse("archives:volume_list"), {"year": 2020, "page": 2}
    ).content.decode()
    assert second.count("JD-2020-") == 1
    assert "year=2020" in second  # the search is kept across pages
    # A row names its volume's category, class, year and retention in words, and links it.
    volume = Volume.objects.get(title="卷50")
    url = reverse("archives:volume_detail", args=[volume.pk])
    assert (
        f'<td><a href="{url}">{volume.number}</a></td><td>卷50</td>'
        f"<td>{volume.get_category_display()}</td><td>基本信息</td><td>2020</td>"
        f"<td>{volume.get_retention_display()}</td>"
    ) in second
    # Each class with its retention's name: the one a manager set, the defaults elsewhere.
    assert "<li>社会活动: 30年</li>" in first
    assert "<li>基本信息: 永久</li>" in first
