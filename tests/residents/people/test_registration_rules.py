"""Registration rules: consent to voluntary fields (PRI-1), identity documents and
their numbers (REG-2), the numbers of permits and permanent residence cards, the home-visit
channel (REG-6) and the slip listing every registered field (REG-9)."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from residents.access.policy import policy_for
from residents.common import id_numbers
from residents.common.errors import ActionRefused
from residents.models import Channel, HukouMove, Resident, ResidentDocument
from residents.people import services
from tests.factories import form_payload, make_resident, registration_data

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1988, 5, 17)


def _post(client, data, **extra):
    return client.post(reverse("residents:create"), {**form_payload(data), "submit": "1", **extra})


# --- consent (PRI-1) -------------------------------------------------------------------------


def test_registration_form_marks_the_voluntary_fields(front_desk_client):
    page = front_desk_client.get(reverse("residents:create")).content.decode()
    form = front_desk_client.get(reverse("residents:create")).context["form"]
    assert getattr(form.fields["phone"], "voluntary", False)
    assert getattr(form.fields["service_needs"], "voluntary", False)
    assert not getattr(form.fields["name"], "voluntary", False)
    assert "kept only with the resident" in page or "居民同意" in page


def test_voluntary_information_without_consent_is_refused_next_to_the_field(front_desk_client):
    data = registration_data(consent_optional=False, service_needs="需要助餐")
    response = _post(front_desk_client, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["phone"] and form.errors["service_needs"]
    assert "consent_optional" not in form.errors
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_without_consent_and_without_voluntary_information_the_registration_is_saved(
    front_desk_client,
):
    data = registration_data(consent_optional=False, phone="")
    response = _post(front_desk_client, data)
    assert response.status_code == 302
    assert Resident.objects.get(id_number=data["id_number"]).consent_optional is False


def test_service_refuses_voluntary_information_without_consent(front_desk):
    data = registration_data(consent_optional=False, employer="某某公司", phone="")
    with pytest.raises(ActionRefused) as refused:
        services.registration_create(actor=front_desk, data=data, submit=True)
    assert refused.value.field == "employer"
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


# --- ID numbers of other documents -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "document"),
    [
        (id_numbers.make_permit_number(region="83", birth_date=BIRTH, sequence=11, gender="M"),
         id_numbers.HMT_PERMIT),
        (id_numbers.make_permit_number(region="81", birth_date=BIRTH, sequence=12, gender="F"),
         id_numbers.HMT_PERMIT),
        (id_numbers.make_permit_number(region="82", birth_date=BIRTH, sequence=13, gender="M"),
         id_numbers.HMT_PERMIT),
        (id_numbers.make_permanent_residence_number(
            province="31", nationality="840", birth_date=BIRTH, sequence=21, gender="M"),
         id_numbers.FOREIGN_PR_CARD),
    ],
    ids=["taiwan", "hong-kong", "macao", "permanent-residence-2023"],
)
def test_permit_and_permanent_residence_numbers_are_accepted_with_their_document(
    front_desk_client, number, document
):
    checked = id_numbers.validate(number)
    assert checked.document == document
    assert checked.birth_date == BIRTH
    data = registration_data(id_number=number, birth_date=BIRTH, gender=checked.gender,
                             documents_checked=[document])
    response = _post(front_desk_client, data)
    assert response.status_code == 302, response.context["form"].errors
    resident = Resident.objects.get(id_number=number)
    assert resident.id_document == document
    assert resident.identity_documents.get().number == number


def test_permit_number_with_a_wrong_check_digit_is_refused():
    number = id_numbers.make_permit_number(region="83", birth_date=BIRTH, sequence=1, gender="M")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        id_numbers.validate(wrong)
    assert caught.value.code == "checksum"


def test_permanent_residence_number_of_no_province_is_refused():
    number = id_numbers.make_permanent_residence_number(
        province="99", nationality="840", birth_date=BIRTH, sequence=1, gender="M"
    )
    with pytest.raises(ValidationError) as caught:
        id_numbers.validate(number)
    assert caught.value.code == "area"


def test_a_number_pasted_with_spaces_is_accepted_and_stored_compact(front_desk_client):
    data = registration_data()
    number = data["id_number"]
    spaced = f"{number[:6]} {number[6:14]}\u3000{number[14:]}"
    response = _post(front_desk_client, {**data, "id_number": spaced})
    assert response.status_code == 302
    assert Resident.objects.get(id_number=number).id_document == id_numbers.ID_CARD


# --- identity documents and their numbers (REG-2) ----------------------------------------------


def test_each_checked_document_is_recorded_with_its_number(front_desk_client):
    data = registration_data(documents_checked=["id_card", "hukou_booklet", "passport"])
    response = _post(front_desk_client, data, document_number_hukou_booklet="110105123456",
                     document_number_passport="E12345678")
    assert response.status_code == 302
    resident = Resident.objects.get(id_number=data["id_number"])
    numbers = dict(resident.identity_documents.values_list("document_type", "number"))
    assert numbers == {"id_card": data["id_number"], "hukou_booklet": "110105123456",
                       "passport": "E12345678"}


def test_a_passport_checked_without_its_number_is_refused_and_nothing_saved(front_desk_client):
    data = registration_data(documents_checked=["passport"])
    response = _post(front_desk_client, data)
    assert response.status_code == 200
    assert response.context["form"].errors["document_number_passport"]
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()
    assert not ResidentDocument.objects.exists()


def test_a_number_for_an_unticked_document_is_refused(front_desk_client):
    data = registration_data(documents_checked=["id_card"])
    response = _post(front_desk_client, data, document_number_passport="E1")
    assert response.status_code == 200
    assert response.context["form"].errors["document_number_passport"]
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_service_refuses_a_passport_without_number(front_desk):
    data = registration_data(documents_checked=["passport"])
    with pytest.raises(ActionRefused):
        services.registration_create(actor=front_desk, data=data, submit=True)
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


# --- household registration history --------------------------------------------------------


def test_the_move_in_date_at_registration_starts_the_hukou_history(front_desk_client):
    data = registration_data(hukou_moved_in_on=datetime.date(2010, 4, 1))
    assert _post(front_desk_client, data).status_code == 302
    move = HukouMove.objects.get(resident__id_number=data["id_number"])
    assert move.moved_on == datetime.date(2010, 4, 1)
    assert move.to_place == data["hukou_location"]


# --- home visits (REG-6) -----------------------------------------------------------------------


def test_recheck_work_list_links_to_a_registration_preset_to_a_home_visit(front_desk_client):
    page = front_desk_client.get(reverse("residents:worklist_rechecks")).content.decode()
    assert f'{reverse("residents:create")}?channel=visit' in page
    form = front_desk_client.get(reverse("residents:create") + "?channel=visit").context["form"]
    assert form["channel"].value() == Channel.VISIT


def test_a_registration_on_a_home_visit_records_its_channel(front_desk_client):
    data = registration_data()
    assert _post(front_desk_client, data, channel="visit").status_code == 302
    assert Resident.objects.get(id_number=data["id_number"]).channel == Channel.VISIT


@pytest.mark.parametrize("channel", ["online", "import", "nonsense"])
def test_a_crafted_channel_is_refused_and_nothing_saved(front_desk_client, channel):
    data = registration_data()
    response = _post(front_desk_client, data, channel=channel)
    assert response.status_code == 200
    assert response.context["form"].errors["channel"]
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


def test_service_refuses_a_staff_registration_through_the_online_channel(front_desk):
    with pytest.raises(ActionRefused):
        services.registration_create(
            actor=front_desk, data=registration_data(), submit=True, channel=Channel.ONLINE
        )


# --- the slip lists every registered field (REG-9) --------------------------------------------


def test_manager_slip_lists_every_registered_field(manager_client, manager):
    resident = make_resident(
        employer="幸福物业", occupation="保洁", position="班长", education_level="senior",
        school="第一中学", major="无", area="幸福小区", is_floating=False,
    )
    response = manager_client.post(reverse("residents:slip_print", args=[resident.pk]))
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    flat = "".join(text.split())
    for value in ["幸福物业", "保洁", "班长", "第一中学", "幸福小区"]:
        assert value in flat
    policy = policy_for(manager, resident)
    assert policy.can_see("employer")


# --- scans of identity documents (REG-2) -------------------------------------------------------


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("L", (4, 4), 128).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_scan_uploaded_with_its_document_opens_to_managers_only(
    media, front_desk_client, client, manager
):
    data = registration_data(documents_checked=["passport"])
    scan = SimpleUploadedFile("张三护照.png", _png(), content_type="image/png")
    response = _post(front_desk_client, data, document_number_passport="E7654321",
                     document_scan_passport=scan)
    assert response.status_code == 302
    document = ResidentDocument.objects.get(resident__id_number=data["id_number"])
    assert document.scan is not None and document.scan.field_groups == ["sensitive"]
    url = reverse("residents:id_scan", args=[document.pk])
    assert front_desk_client.get(url).status_code == 403
    client.force_login(manager)
    opened = client.get(url)
    assert opened.status_code == 200
    assert b"".join(opened) == _png()
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(document.resident_id),
        additional_data__purpose="id_scan",
    ).exists()


def test_a_scan_that_is_not_a_pdf_or_picture_is_refused_next_to_it_and_nothing_saved(
    media, front_desk_client
):
    data = registration_data(documents_checked=["passport"])
    scan = SimpleUploadedFile("x.png", b"#!/bin/sh\necho hi\n", content_type="image/png")
    response = _post(front_desk_client, data, document_number_passport="E7654321",
                     document_scan_passport=scan)
    assert response.status_code == 200
    assert response.context["form"].errors["document_scan_passport"]
    assert not Resident.objects.filter(id_number=data["id_number"]).exists()


# --- household registration moves ------------------------------------------------------------


def test_front_desk_records_a_move_and_the_manager_sees_it_on_the_resident_page(
    front_desk_client, client, manager
):
    resident = make_resident()
    response = front_desk_client.post(
        reverse("residents:hukou_move_create", args=[resident.pk]),
        {"kind": "moved_in", "moved_on": "2015-09-01", "from_place": "河北省石家庄市长安区",
         "to_place": "北京市东城区"},
    )
    assert response.status_code == 302
    assert HukouMove.objects.get(resident=resident).moved_on == datetime.date(2015, 9, 1)
    front_page = front_desk_client.get(reverse("residents:detail", args=[resident.pk]))
    assert "河北省石家庄市长安区" not in front_page.content.decode()
    client.force_login(manager)
    page = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert "河北省石家庄市长安区" in page


def test_a_move_in_the_future_or_before_birth_is_refused_and_nothing_saved(front_desk_client):
    resident = make_resident(birth_date=datetime.date(1990, 1, 1))
    url = reverse("residents:hukou_move_create", args=[resident.pk])
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    for day in (future, "1980-01-01"):
        response = front_desk_client.post(url, {"kind": "moved_in", "moved_on": day,
                                                "to_place": "北京市东城区"})
        assert response.status_code == 200
        assert response.context["form"].errors["moved_on"]
    assert not HukouMove.objects.filter(resident=resident).exists()


def test_a_crafted_move_kind_is_refused(front_desk_client):
    resident = make_resident()
    response = front_desk_client.post(
        reverse("residents:hukou_move_create", args=[resident.pk]),
        {"kind": "deported", "moved_on": "2015-09-01", "to_place": "北京市东城区"},
    )
    assert response.status_code == 200
    assert not HukouMove.objects.filter(resident=resident).exists()
