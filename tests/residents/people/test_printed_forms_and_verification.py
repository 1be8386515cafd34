"""REG-9 printable forms (blank or pre-filled through the viewer's policy) and REG-11 slip
verification: a QR code and code on every printed document, and a public page that tells only
kind, number, date and masked name, rate-limited, the same shape for a wrong code."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from residents.common.pdf import verification_url
from residents.models import FormPrint
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def resident(front_desk):
    return make_resident(actor=front_desk, name="王秀英", phone=PHONE, employer="幸福物业")


@pytest.mark.parametrize(
    ("kind", "title"),
    [("registration_form", "居民信息登记表"), ("change_form", "信息变更申请表"),
     ("query_form", "信息查询申请表")],
)
def test_blank_forms_print_with_their_title_and_a_verification_code(
    front_desk_client, kind, title
):
    response = front_desk_client.post(reverse("residents:form_blank", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert title in text
    record = FormPrint.objects.get()
    assert record.resident is None and record.kind == kind
    assert record.verification_code in text


def test_prefilled_registration_form_masks_what_the_front_desk_may_not_see(
    front_desk_client, resident
):
    response = front_desk_client.post(
        reverse("residents:form_prefilled", args=[resident.pk, "registration_form"])
    )
    text = _text(response.content)
    assert "王秀英" in text
    assert PHONE not in text and "138****5678" in text
    assert resident.id_number not in text
    assert "幸福物业" not in text  # comprehensive information: not the front desk's


def test_prefilled_form_for_a_manager_shows_the_full_values(manager_client, resident):
    response = manager_client.post(
        reverse("residents:form_prefilled", args=[resident.pk, "registration_form"])
    )
    text = _text(response.content)
    assert resident.id_number in text and "幸福物业" in text


def test_an_unknown_form_kind_answers_404(front_desk_client, resident):
    assert front_desk_client.post(reverse("residents:form_blank", args=["x"])).status_code == 404
    url = reverse("residents:form_prefilled", args=[resident.pk, "x"])
    assert front_desk_client.post(url).status_code == 404


def test_registration_and_resident_pages_link_the_forms(front_desk_client, resident):
    form_page = front_desk_client.get(reverse("residents:create")).content.decode()
    assert reverse("residents:form_blank", args=["change_form"]) in form_page
    detail = front_desk_client.get(reverse("residents:detail", args=[resident.pk])).content
    assert reverse("residents:form_prefilled", args=[resident.pk, "query_form"]) in detail.decode()


# --- verification (REG-11) ---------------------------------------------------------------------


def test_a_printed_slip_carries_a_qr_code_of_its_verification_page(front_desk_client, resident):
    response = front_desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    slip = resident.slips.get()
    text = _text(response.content)
    assert slip.verification_code in text
    assert f"/verify/{slip.verification_code}" in text
    assert len(PdfReader(BytesIO(response.content)).pages) == 1


def test_the_qr_code_is_an_inline_svg_of_the_verification_address(settings):
    settings.PUBLIC_BASE_URL = "https://jm.example.cn"
    html = Template("{% load verification %}{{ code|verification_qr }}").render(
        Context({"code": "ABCDEFGH"})
    )
    assert html.startswith("<svg") and "<path" in html
    assert verification_url("ABCDEFGH") == "https://jm.example.cn/verify/ABCDEFGH"


def test_the_public_page_confirms_a_genuine_slip_with_masked_name_only(
    front_desk_client, resident
):
    front_desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    slip = resident.slips.get()
    page = Client().get(reverse("verify", args=[slip.verification_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "王*" in html and "王秀英" not in html and "王**" not in html
    assert resident.archive_number in html
    assert resident.id_number[:6] not in html and "5678" not in html


def test_a_wrong_code_says_so_in_the_same_shape(front_desk_client, resident):
    front_desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    code = resident.slips.get().verification_code
    wrong = "".join("Z" if c != "Z" else "Y" for c in code)
    good = Client().get(reverse("verify", args=[code])).content.decode()
    bad = Client().get(reverse("verify", args=[wrong])).content.decode()
    rows = re.compile(r"<dt>")
    assert len(rows.findall(good)) == len(rows.findall(bad)) == 5
    assert resident.archive_number not in bad and "王" not in bad
    malformed = Client().get(reverse("verify", args=["<script>"]))
    assert malformed.status_code == 200 and "<script>" not in malformed.content.decode()


def test_a_printed_form_verifies_too(front_desk_client, resident):
    front_desk_client.post(
        reverse("residents:form_prefilled", args=[resident.pk, "change_form"])
    )
    code = FormPrint.objects.get().verification_code
    html = Client().get(reverse("verify", args=[code])).content.decode()
    assert "王*" in html


def test_typing_a_code_in_lower_case_with_spaces_finds_it(front_desk_client, resident):
    front_desk_client.post(reverse("residents:slip_print", args=[resident.pk]))
    code = resident.slips.get().verification_code
    typed = f" {code[:4].lower()} {code[4:]} "
    response = Client().get(reverse("verify_lookup"), {"code": typed}, follow=True)
    assert resident.archive_number in response.content.decode()


def test_the_verification_page_is_rate_limited(settings):
    settings.PUBLIC_FORM_LIMIT = 3
    client = Client()
    answers = [client.get(reverse("verify", args=["ABCDEFGH"])).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
