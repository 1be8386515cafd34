"""Policies and regulations (PUB-1, PUB-2): managers add, edit and withdraw them; anyone reads
the list, the text and the attached PDF; the list prints as an A4 notice; writes are audited."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from casework.board import notices
from casework.models import Policy
from casework.policies import services
from residents import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _manager_client():
    manager = make_user(roles.MANAGER)
    client = Client()
    client.force_login(manager)
    return manager, client


def _day(days_ago: int = 5) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def test_a_manager_publishes_a_policy_with_its_pdf_and_anyone_reads_it():
    _manager, client = _manager_client()
    response = client.post(reverse("casework:policy_create"), {
        "title": "社区养老服务管理办法", "issuer": "区民政局", "issued_on": _day(),
        "text": "第一条 为规范养老服务……",
        "pdf": SimpleUploadedFile("办法.pdf", _pdf(), content_type="application/pdf"),
    })
    assert response.status_code == 302
    policy = Policy.objects.get(title="社区养老服务管理办法")
    assert policy.document is not None and policy.document.content_type == "application/pdf"
    public = Client()
    listing = public.get(reverse("public:policies")).content.decode()
    assert "社区养老服务管理办法" in listing and "区民政局" in listing
    detail = public.get(reverse("public:policy", args=[policy.pk])).content.decode()
    assert "第一条 为规范养老服务" in detail
    download = public.get(reverse("public:policy_document", args=[policy.pk]))
    assert download.status_code == 200 and download.content == _pdf()
    assert LogEntry.objects.get_for_object(policy).exists()


def test_a_policy_needs_its_text_or_a_pdf_and_a_date_not_in_the_future():
    _manager, client = _manager_client()
    response = client.post(reverse("casework:policy_create"), {
        "title": "空白", "issuer": "某局", "issued_on": _day(-3), "text": "",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["issued_on"]
    response = client.post(reverse("casework:policy_create"), {
        "title": "空白", "issuer": "某局", "issued_on": _day(), "text": "",
    })
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert not Policy.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused():
    _manager, client = _manager_client()
    response = client.post(reverse("casework:policy_create"), {
        "title": "附件错误", "issuer": "某局", "issued_on": _day(), "text": "",
        "pdf": SimpleUploadedFile("a.pdf", b"not a pdf at all", content_type="application/pdf"),
    })
    assert response.status_code == 200 and response.context["form"].errors
    assert not Policy.objects.exists()


def test_an_edited_policy_shows_its_new_text_and_a_withdrawn_one_leaves_the_public_page():
    manager, client = _manager_client()
    policy = services.policy_add(actor=manager, title="居民公约", issuer="居委会",
                                 issued_on=timezone.localdate(), text="旧文本")
    client.post(reverse("casework:policy_edit", args=[policy.pk]), {
        "title": "居民公约（修订）", "issuer": "居委会", "issued_on": _day(0), "text": "新文本",
    })
    public = Client()
    assert "新文本" in public.get(reverse("public:policy", args=[policy.pk])).content.decode()
    response = client.post(reverse("casework:policy_withdraw", args=[policy.pk]))
    assert response.status_code == 302
    assert public.get(reverse("public:policy", args=[policy.pk])).status_code == 404
    assert "居民公约" not in public.get(reverse("public:policies")).content.decode()
    # Kept on record for the managers.
    assert "居民公约（修订）" in client.get(reverse("casework:policy_manage")).content.decode()


def test_the_policies_notice_prints_the_policies_in_force_on_a4():
    manager = make_user(roles.MANAGER)
    services.policy_add(actor=manager, title="城乡低保办法", issuer="民政局",
                        issued_on=timezone.localdate(), text="正文")
    gone = services.policy_add(actor=manager, title="作废规定", issuer="民政局",
                               issued_on=timezone.localdate(), text="正文")
    services.policy_withdraw(actor=manager, policy=gone)
    response = Client().get(reverse("public:policies_notice"))
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "城乡低保办法" in text and "民政局" in text and "作废规定" not in text
    assert "政策法规" in text


def test_front_desk_cannot_add_a_policy():
    desk = make_user(roles.FRONT_DESK)
    client = Client()
    client.force_login(desk)
    response = client.post(reverse("casework:policy_create"), {
        "title": "x", "issuer": "y", "issued_on": _day(), "text": "z",
    })
    assert response.status_code == 403


def test_an_unchanged_notice_is_rendered_once_and_a_new_policy_renders_it_afresh(monkeypatch):
    manager = make_user(roles.MANAGER)
    services.policy_add(actor=manager, title="物业管理条例", issuer="住建局",
                        issued_on=timezone.localdate(), text="正文")
    renders = []
    real = notices.notice_pdf
    monkeypatch.setattr(notices, "notice_pdf", lambda notice: renders.append(1) or real(notice))
    public = Client()
    first = public.get(reverse("public:policies_notice")).content
    # Asking for the same notice over and over cannot keep the PDF renderer busy.
    for _again in range(3):
        assert public.get(reverse("public:policies_notice")).content == first
    assert len(renders) == 1
    services.policy_add(actor=manager, title="垃圾分类实施办法", issuer="城管局",
                        issued_on=timezone.localdate(), text="正文")
    changed = public.get(reverse("public:policies_notice")).content
    assert len(renders) == 2
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(changed)).pages)
    assert "垃圾分类实施办法" in text and "物业管理条例" in text
