"""Destruction reaches every record of the resident (ARC-9).

A resident with something in every linked place — household, contacts, identity document with
its scan, registers, tracking, activities, a change request with its steps, a report naming
them, an import row, a batch print — has their archive destroyed; afterwards no page reachable
from the places that showed them, no export and no PDF shows their name, ID number or phone,
the stored files are gone, and the append-only audit chain still verifies.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from archives.destruction import services as destruction
from archives.models import ArchiveCategory, ContentClass, DestructionStatus, VolumeItem
from archives.volumes import services as volumes
from casework.models import (
    Case,
    CaseMaterial,
    CaseStep,
    ChangeItem,
    ReturnVisit,
)
from reporters.models import Report, ReportResident
from residents import roles
from residents.audit.chain import verify_chain
from residents.documents.services import document_store
from residents.exports.lists import list_definitions
from residents.models import (
    AccessGrant,
    Activity,
    BatchPrint,
    ContactRecord,
    Document,
    Emergency,
    EmergencyFollowUp,
    HardshipEntry,
    HelpLedgerEntry,
    Household,
    HouseholdMembership,
    HukouMove,
    ImportBatch,
    ImportRow,
    KeyPersonEntry,
    KeyPersonVisit,
    Participation,
    Recheck,
    Resident,
    ResidentDocument,
    SelfReport,
    ServiceRecord,
    Slip,
    SocialContact,
    StatusChange,
    VolunteerMembership,
    VolunteerTeam,
)
from residents.people.erasure import ERASED, covered_models
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

NAME = "欧阳靖雯"
PHONE = "13987654321"
PASSPORT = "E12345678"


def _blank_pdf(marker: bytes = b"") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if marker:  # a different file, so a different SHA-256
        writer.add_metadata({"/Subject": marker.decode()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()
SKIPPED_PATHS = ("/accounts/logout", "/static/", "/i18n/", "/admin/", "/public/")
MAX_PAGES = 260


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        return "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages
        )
    return body.decode("utf-8", errors="replace")


def _links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"#]*)"', html)]


def _crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page (HTML and PDF) reachable from `starts` by GET links, up to MAX_PAGES; pages
    with a query string at most three times per path (pagination, sorting)."""
    seen: set[str] = set()
    per_path: Counter = Counter()
    pages: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        path = url.split("?")[0]
        if url in seen or path.startswith(SKIPPED_PATHS) or "download" in path:
            continue
        seen.add(url)
        if "?" in url:
            per_path[path] += 1
            if per_path[path] > 3:
                continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        pages[url] = text
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(_links(text))
    return pages


def _exports(client: Client) -> dict[str, str]:
    files = {}
    for definition in list_definitions():
        response = client.post(
            reverse(f"exports:{definition.name}"), {"format": "csv"}
        )
        if response.status_code == 200:
            files[definition.name] = _text(response)
    return files


def _shows(text: str, resident_values: tuple[str, ...]) -> list[str]:
    return [value for value in resident_values if value in text]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def everywhere(front_desk, manager):
    """A resident recorded in every place that points at a resident, in a volume past its
    retention."""
    today = timezone.localdate()
    resident = make_resident(actor=front_desk, name=NAME, phone=PHONE)
    reporter = make_user(roles.REPORTER)
    scan = document_store(
        data=PDF, kind="id_scan", uploaded_by=front_desk, resident=resident,
        field_groups=["sensitive"],
    )
    ResidentDocument.objects.create(
        resident=resident, document_type="residence_permit", number=PASSPORT, scan=scan,
        recorded_by=front_desk,
    )
    SocialContact.objects.create(resident=resident, name="欧阳父", relationship="父亲",
                                 phone=PHONE, note=f"{NAME}的父亲")
    HukouMove.objects.create(resident=resident, kind="moved_in", moved_on=today,
                             from_place="北京市", note=NAME)
    household = Household.objects.create(number="H-ERASE-1", address="徐汇区漕溪北路88号")
    HouseholdMembership.objects.create(household=household, resident=resident,
                                       relationship="head", joined_on=today,
                                       recorded_by=front_desk)
    hardship = HardshipEntry.objects.create(
        resident=resident, kind="dibao", start_date=today, review_date=today,
        recorded_by=manager, note=f"{NAME} 低保，电话{PHONE}",
    )
    HelpLedgerEntry.objects.create(hardship=hardship, date=today, help_given=f"慰问{NAME}",
                                   given_by="社区", recorded_by=manager)
    key_person = KeyPersonEntry.objects.create(
        resident=resident, category="released", start_date=today, review_date=today,
        recorded_by=manager, note=NAME,
    )
    KeyPersonVisit.objects.create(entry=key_person, visited_on=today, visited_by=manager,
                                  summary=f"走访{NAME}")
    ContactRecord.objects.create(resident=resident, kind="phone", occurred_on=today,
                                 staff=manager, summary=f"致电{PHONE}")
    StatusChange.objects.create(resident=resident, aspect="economic", current=f"{NAME}失业",
                                effective_on=today, recorded_by=manager)
    emergency = Emergency.objects.create(resident=resident, kind="illness", occurred_on=today,
                                         description=f"{NAME}突发疾病", recorded_by=manager)
    EmergencyFollowUp.objects.create(emergency=emergency, date=today, note=f"回访{NAME}",
                                     recorded_by=manager)
    Recheck.objects.create(resident=resident, checked_on=today, checked_by=manager,
                           note=f"复核{NAME}")
    ServiceRecord.objects.create(resident=resident, kind="medical", applied_on=today,
                                 handled_by=manager, note=f"{NAME}就医")
    activity = Activity.objects.create(title="重阳节活动", kind="cultural", held_on=today,
                                       place="活动室", organised_by=manager)
    Participation.objects.create(activity=activity, resident=resident, note=NAME)
    team = VolunteerTeam.objects.create(name="睦邻志愿队", created_on=today)
    VolunteerMembership.objects.create(team=team, resident=resident, joined_on=today)
    SelfReport.objects.create(resident=resident, aspect="health", text=f"我是{NAME}",
                              consent_at=timezone.now())
    AccessGrant.objects.create(resident=resident, requester=manager,
                               purpose=f"核实{NAME}的住址")
    batch = ImportBatch.objects.create(source="police", started_by=manager, sha256="0" * 64,
                                       file_kind="xlsx")
    ImportRow.objects.create(batch=batch, line=2, outcome="change", name=NAME,
                             id_number=resident.id_number, values={"phone": PHONE},
                             resident=resident)
    BatchPrint.objects.create(requested_by=manager, resident_ids=[resident.pk],
                              pdf=PDF)
    signed_scan = document_store(
        data=_blank_pdf(b"signed"), kind="signed_slip", uploaded_by=front_desk,
        resident=resident, field_groups=["basic"],
    )
    Slip.objects.create(kind="registration", resident=resident, printed_by=front_desk,
                        content_hash="0" * 64, verification_code="ERASE000001",
                        field_groups=["basic"], signed_document=signed_scan)
    case = Case.objects.create(
        number="BG-ERASE-1", kind="change", resident=resident, applicant_name=NAME,
        applicant_contact=PHONE, subject=f"{NAME}变更联系电话", details=f"新号码{PHONE}",
        status="closed", time_limit_days=5, due_on=today, opened_by=front_desk,
    )
    CaseStep.objects.create(case=case, action="approve", to_status="closed", actor=manager,
                            decision_reason=f"经核实{NAME}电话{PHONE}属实")
    material_scan = document_store(
        data=_blank_pdf(b"material"), kind="case_material", uploaded_by=front_desk,
        resident=resident, field_groups=["basic"],
    )
    CaseMaterial.objects.create(case=case, name="身份证", note=f"{resident.id_number}复印件",
                                received=True, document=material_scan)
    ChangeItem.objects.create(case=case, resident=resident, field_name="phone",
                              old_value="13800000000", new_value=PHONE, is_open=False)
    ReturnVisit.objects.create(case=case, satisfaction=5, visited_by=manager,
                               comment=f"{NAME}满意")
    report = Report.objects.create(
        number="XX-ERASE-1", author=reporter, category="opinion", title="居民意见",
        collection_method="visit", source=f"走访{NAME}", facts=f"{NAME}（{PHONE}）反映路灯不亮",
        analysis="需维修", suggested_measures="报修",
    )
    ReportResident.objects.create(report=report, resident=resident, linked_by=reporter)
    volume = volumes.volume_open(
        actor=manager, title="2010年居民档案", category=ArchiveCategory.REGISTERED,
        content_class=ContentClass.SOCIAL, year=2010,
    )
    VolumeItem.objects.create(volume=volume, resident=resident, contents=f"{NAME}档案")
    return {
        "resident": resident, "case": case, "report": report, "household": household,
        "volume": volume, "scan": scan, "reporter": reporter,
        "documents": [scan, signed_scan, material_scan],
        "values": (NAME, resident.id_number, PHONE, PASSPORT),
    }


def test_every_record_pointing_at_a_resident_or_a_case_is_erased_with_the_resident():
    def pointing_at(target):
        return {
            field.related_model for field in target._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete and field.is_relation
        }

    missing = (pointing_at(Resident) | pointing_at(Case)) - covered_models() - {Resident}
    assert not missing, f"no eraser clears {sorted(m._meta.label for m in missing)}"


def test_after_destruction_no_page_export_or_pdf_shows_the_resident(
    everywhere, front_desk, manager, manager2, django_capture_on_commit_callbacks
):
    resident, values = everywhere["resident"], everywhere["values"]
    starts = [
        "/",
        reverse("residents:detail", args=[resident.pk]),
        reverse("residents:list"),
        reverse("residents:household_detail", args=[everywhere["household"].pk]),
        reverse("casework:case_detail", args=[everywhere["case"].pk]),
        reverse("casework:case_list"),
        reverse("archives:resident_archive", args=[resident.pk]),
    ]
    report_page = [reverse("reporters:report_detail", args=[everywhere["report"].pk])]
    client, author = _client(manager), _client(everywhere["reporter"])
    desk = _client(front_desk)
    slip_url = reverse("residents:slip_print", args=[resident.pk])
    before = _crawl(client, starts)
    before_reports = _crawl(author, report_page)
    assert _shows(before_reports[report_page[0]], values)
    # The world has printed a slip before: this print says why.
    assert _shows(_text(desk.post(slip_url, {"reprint_reason": "打印机卡纸"})), values)
    showing = {url for url, text in before.items() if _shows(text, values)}
    # The sweep has teeth: the places the resident was recorded did show them.
    for url in starts[1:5]:
        assert url in showing, f"{url} did not show the resident before the destruction"
    assert any(_shows(text, values) for text in _exports(client).values())

    batch = destruction.batch_propose(
        actor=manager, volumes=[everywhere["volume"]], reason="保管期限已满"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(manager2).post(
            reverse("archives:destruction_approve", args=[batch.pk])
        )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == DestructionStatus.DESTROYED

    after = {url: _text(client.get(url)) for url in before}
    after.update(_crawl(client, starts))
    after.update({url: _text(author.get(url)) for url in before_reports})
    after.update(_crawl(author, report_page))
    after[slip_url] = _text(desk.post(slip_url, {"reprint_reason": "打印机卡纸"}))
    leaks = {url: _shows(text, values) for url, text in after.items() if _shows(text, values)}
    assert not leaks, f"still shown after the destruction: {leaks}"
    exported = {name: _shows(text, values) for name, text in _exports(client).items()}
    assert not any(exported.values()), f"still exported: {exported}"
    # Searching by the old name finds nobody (the page echoes only what was typed).
    found = _text(client.get(reverse("residents:list"), {"q": NAME}))
    assert reverse("residents:detail", args=[resident.pk]) not in found

    # The files are gone, rows that statistics count stay with their texts erased.
    for document in everywhere["documents"]:
        assert not Document.objects.filter(pk=document.pk).exists()
        assert not default_storage.exists(document.storage_name)
    case = Case.objects.get(pk=everywhere["case"].pk)
    assert case.applicant_name == ERASED and case.erased_at is not None
    assert NAME not in case.subject
    assert list(case.steps.values_list("decision_reason", flat=True)) == [ERASED]
    assert HardshipEntry.objects.get(resident=resident).note == ERASED
    assert not HouseholdMembership.objects.filter(resident=resident).exists()
    assert not ReportResident.objects.filter(resident=resident).exists()
    assert BatchPrint.objects.get(resident_ids__contains=[resident.pk]).pdf is None
    assert ImportRow.objects.get(batch__sha256="0" * 64).name == ""
    # Nothing of it edits the log: the chain over every entry still verifies.
    assert verify_chain().intact


def test_an_erased_case_keeps_its_number_and_steps_for_the_statistics(everywhere, manager):
    from residents.people.erasure import resident_erase

    case = everywhere["case"]
    steps = CaseStep.objects.filter(case=case).count()
    resident_erase(resident=everywhere["resident"])
    case.refresh_from_db()
    assert case.number == "BG-ERASE-1" and case.status == "closed"
    assert CaseStep.objects.filter(case=case).count() == steps
    assert Case.objects.filter(resident=everywhere["resident"]).count() == 1
    assert Participation.objects.filter(activity__title="重阳节活动").count() == 1


def test_a_case_not_erased_keeps_its_step_reasons(everywhere):
    from django.db import connection

    case = everywhere["case"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT casework_erase_step_reasons(%s)", [case.pk])
        assert cursor.fetchone()[0] == 0
    assert NAME in CaseStep.objects.get(case=case).decision_reason
