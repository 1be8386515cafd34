"""UPD-1 … UPD-5: change requests and change notices — opened with only the fields that change
(validated like a registration), one open request per field, verified and approved (managers
for comprehensive information), applied atomically after a conflict check, the old values kept
in the resident's history, the update confirmation slip masked for the printing user and
signed by the resident."""

from __future__ import annotations

import datetime
import io
import random
import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.change import demo as demo_change
from casework.change import services as change_services
from casework.change.forms import ChangeFieldsForm
from casework.engine import services
from casework.models import Case, CaseChannel, CaseKind, CaseSlip, CaseSlipKind, ChangeItem
from residents import roles
from residents.access.masking import mask_id_number, mask_phone
from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.audit.sealing import data_key, unseal
from residents.common.errors import ActionRefused
from residents.common.id_numbers import make_id_number
from residents.models import Resident
from residents.people.services import name_sort_key
from tests.casework.change.confirming import post_confirmed
from tests.casework.engine.test_engine import _run_at_once
from tests.factories import colleague_of, form_payload, make_resident, make_user

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
NEW_PHONE = "13998765432"
HUKOU = "河北省保定市莲池区"
OLD_ADDRESS = "东城区和平里街道1号"
NEW_ADDRESS = "东城区安定门街道8号院3单元201"
REASON = "居民搬家，申请变更居住地址"
DOCUMENTS = "居民身份证原件、租房合同"


@pytest.fixture
def resident(front_desk):
    return make_resident(
        actor=front_desk, phone=PHONE, hukou_location=HUKOU, address=OLD_ADDRESS,
        birth_date=datetime.date(1980, 5, 17), gender="M",
    )


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def _open(resident, actor, reason: str = REASON, documents: str = DOCUMENTS, **proposed) -> Case:
    return change_services.change_request_open(
        resident=resident, actor=actor, proposed=proposed, reason=reason, documents=documents
    )


def _verified(resident, opener, **proposed) -> Case:
    """Opened by `opener`, verified by a colleague (four eyes)."""
    case = _open(resident, opener, **proposed)
    return services.case_act(case=case, action="verify", actor=colleague_of(opener))


def _approved(resident, opener, approver, **proposed) -> Case:
    """Opened by `opener`, verified by a colleague, approved by `approver`: a third person."""
    case = _verified(resident, opener, **proposed)
    with acting_as(approver):
        return change_services.change_approve(case=case, actor=approver, reason="材料属实")


def _payload(user, resident, **changes) -> dict:
    """What the browser posts: the form as shown (write-only fields empty), with changes."""
    form = ChangeFieldsForm(policy=policy_for(user, resident), instance=resident)
    data = {
        name: "" if name in form.write_only else form[name].value() for name in form.fields
    }
    data.update(changes)
    data.setdefault("reason", REASON)
    data.setdefault("checked_documents", DOCUMENTS)
    data.setdefault("happened_on", timezone.localdate())
    return form_payload(data)


def _post_open(client, user, resident, **changes):
    return post_confirmed(
        client, reverse("casework:change_open", args=[resident.pk]),
        _payload(user, resident, **changes),
    )


def _corrected_id_number(resident) -> str:
    """The same birth date and gender, another sequence: a correction of the number itself."""
    return make_id_number(
        area=resident.id_number[:6], birth_date=resident.birth_date,
        sequence=(int(resident.id_number[14:17]) + 2) % 1000, gender=resident.gender,
    )


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _reads(resident, purpose: str) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident),
            object_pk=str(resident.pk), action=LogEntry.Action.ACCESS,
            additional_data__purpose=purpose,
        )
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- opening a request (UPD-1) -------------------------------------------------------------


def test_the_change_page_shows_each_field_as_the_front_desk_may_see_it(
    front_desk_client, front_desk, resident
):
    response = front_desk_client.get(reverse("casework:change_open", args=[resident.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert OLD_ADDRESS in html
    assert mask_phone(PHONE) in html
    assert PHONE not in html
    assert resident.id_number not in html
    assert HUKOU not in html
    # A write-only field offers an empty input; fields outside registration offer none.
    assert re.search(r'<input[^>]*name="hukou_location"(?![^>]*value=)', html)
    assert 'name="archive_number"' not in html
    assert 'name="status"' not in html
    assert _reads(resident, "change_open")


def test_opening_records_only_the_fields_that_change(front_desk_client, front_desk, resident):
    before = _reload(resident)
    response = _post_open(front_desk_client, front_desk, resident, address=NEW_ADDRESS)
    assert response.status_code == 302
    case = Case.objects.get(kind=CaseKind.CHANGE, resident=resident)
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert case.status == "opened"
    assert case.details == REASON
    assert case.resident_updated_at == before.updated_at
    assert case.time_limit_days == settings.CHANGE_TIME_LIMIT_DAYS
    assert [(i.field_name, i.old_value, i.new_value, i.is_open)
            for i in case.change_items.all()] == [("address", OLD_ADDRESS, NEW_ADDRESS, True)]
    assert [(m.name, m.received) for m in case.materials.all()] == [(DOCUMENTS, True)]
    assert case.subject.endswith(str(change_services.field_label("address")))
    # Nothing is applied before approval.
    assert _reload(resident).address == OLD_ADDRESS


def test_a_write_only_value_typed_again_becomes_an_item_without_telling_it_matches(
    front_desk, resident
):
    # Refusing "nothing changes" would tell the front desk the recorded phone number.
    case = _open(resident, front_desk, phone=PHONE)
    assert [(i.field_name, i.old_value, i.new_value) for i in case.change_items.all()] == [
        ("phone", PHONE, PHONE)
    ]


def test_nothing_changed_is_refused_and_nothing_saved(front_desk_client, front_desk, resident):
    response = _post_open(front_desk_client, front_desk, resident)
    assert response.status_code == 200
    assert response.context["reason_form"].non_field_errors()
    assert not Case.objects.exists()


def test_bad_values_get_messages_next_to_their_fields_and_nothing_is_saved(
    front_desk_client, front_desk, resident
):
    bad_check_digit = resident.id_number[:17] + ("0" if resident.id_number[17] != "0" else "1")
    response = _post_open(
        front_desk_client, front_desk, resident, phone="12345", id_number=bad_check_digit,
        living_since=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        reason=" ", checked_documents="",
    )
    assert response.status_code == 200
    fields = response.context["fields_form"].errors
    assert {"phone", "id_number", "living_since"} <= fields.keys()
    assert {"reason", "checked_documents"} <= response.context["reason_form"].errors.keys()
    html = response.content.decode()
    assert 'id="id_phone_error"' in html
    assert 'id="id_id_number_error"' in html
    assert not Case.objects.exists()
    assert not ChangeItem.objects.exists()


def test_an_id_number_must_agree_with_birth_date_and_gender(manager_client, manager, resident):
    other_birth = make_id_number(
        area=resident.id_number[:6], birth_date=datetime.date(1985, 1, 2), sequence=15,
        gender="M",
    )
    response = _post_open(manager_client, manager, resident, id_number=other_birth)
    assert response.status_code == 200
    assert "birth_date" in response.context["fields_form"].errors
    assert not Case.objects.exists()

    corrected = _corrected_id_number(resident)
    response = _post_open(manager_client, manager, resident, id_number=corrected)
    assert response.status_code == 302
    item = ChangeItem.objects.get()
    assert (item.field_name, item.old_value, item.new_value) == (
        "id_number", resident.id_number, corrected
    )


def test_an_id_number_of_another_resident_is_refused_next_to_the_field(
    manager_client, manager, resident
):
    other = make_resident(actor=manager)
    response = _post_open(
        manager_client, manager, resident, id_number=other.id_number,
        birth_date=other.birth_date.isoformat(), gender=other.gender,
    )
    assert response.status_code == 200
    assert "id_number" in response.context["fields_form"].errors
    assert not Case.objects.exists()


def test_fields_outside_the_form_cannot_be_smuggled_in_by_post(
    front_desk_client, front_desk, resident
):
    response = _post_open(
        front_desk_client, front_desk, resident, address=NEW_ADDRESS, archive_number="X-1",
        status="draft",
    )
    assert response.status_code == 200
    assert response.context["fields_form"].non_field_errors()
    assert not Case.objects.exists()
    for field in ("archive_number", "status", "rechecked_on", "name_sort_key"):
        with pytest.raises(ActionRefused):
            _open(resident, front_desk, **{field: "2020-01-01"})
    assert not Case.objects.exists()


def test_a_user_who_may_not_change_records_cannot_open_a_request(front_desk, resident):
    # Views cases and residents and may open cases, but may not change resident records.
    clerk = make_user(None)
    clerk.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_resident", "view_service_needs", "add_case", "view_case"]
    ))
    client = _client(clerk)
    url = reverse("casework:change_open", args=[resident.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _payload(front_desk, resident, address=NEW_ADDRESS)).status_code == 403
    with pytest.raises(ActionRefused):
        _open(resident, clerk, address=NEW_ADDRESS)
    assert not Case.objects.exists()


def test_roles_without_resident_access_get_not_found(resident):
    url = reverse("casework:change_open", args=[resident.pk])
    for role in (roles.OTHER_STAFF, roles.AUDITOR, roles.REPORTER):
        assert _client(make_user(role)).get(url).status_code == 404


def test_only_verified_records_change_through_a_request(front_desk_client, front_desk):
    draft = make_resident(actor=front_desk, status="submitted")
    url = reverse("casework:change_open", args=[draft.pk])
    assert front_desk_client.get(url).status_code == 403
    with pytest.raises(ActionRefused):
        _open(draft, front_desk, address=NEW_ADDRESS)


def test_one_open_request_per_field_is_refused_with_the_case_number(front_desk, resident):
    first = _open(resident, front_desk, address=NEW_ADDRESS)
    with pytest.raises(ActionRefused) as refused:
        _open(resident, front_desk, address="东城区另一个地址", remarks="另有备注")
    assert first.number in refused.value.message
    assert Case.objects.count() == 1
    # Another field is free; the field is free again once the first request is withdrawn.
    _open(resident, front_desk, remarks="另有备注")
    services.case_act(case=first, action="withdraw", actor=front_desk, reason="居民撤回")
    assert not _reload(first).change_items.filter(is_open=True).exists()
    again = _open(resident, front_desk, address="东城区另一个地址")
    assert again.change_items.get().is_open


def test_the_refusal_of_a_second_request_shows_next_to_the_form(
    front_desk_client, front_desk, resident
):
    first = _open(resident, front_desk, address=NEW_ADDRESS)
    response = _post_open(front_desk_client, front_desk, resident, address="东城区别处")
    assert response.status_code == 200
    assert first.number in response.content.decode()
    assert Case.objects.count() == 1


# --- the state machine -----------------------------------------------------------------------


def test_approval_waits_for_verification_and_the_plain_step_form_cannot_approve(
    front_desk, front_desk2, manager, resident
):
    case = _open(resident, front_desk, address=NEW_ADDRESS)
    with pytest.raises(ActionRefused):
        change_services.change_approve(case=case, actor=manager)
    services.case_act(case=case, action="verify", actor=front_desk2)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="approve", actor=manager)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="confirm", actor=manager)
    assert _reload(case).status == "verified"
    assert _reload(resident).address == OLD_ADDRESS


def test_front_desk_may_approve_basic_information(front_desk, front_desk2, resident):
    case = _approved(resident, front_desk, front_desk2, address=NEW_ADDRESS)
    case = _reload(case)
    assert case.status == "approved"
    assert _reload(resident).address == NEW_ADDRESS
    assert not case.change_items.filter(is_open=True).exists()
    step = case.steps.get(action="approve")
    assert (step.from_status, step.to_status, step.actor) == ("verified", "approved", front_desk2)


def test_a_sensitive_change_is_refused_to_the_front_desk_and_applied_by_a_manager(
    front_desk, front_desk2, manager, resident
):
    case = _verified(resident, front_desk, phone=NEW_PHONE, hukou_location="北京市西城区")
    # Neither its opener nor its verifier, yet refused: front desk, not a manager.
    with pytest.raises(ActionRefused):
        change_services.change_approve(case=case, actor=front_desk2, reason="同意")
    assert _reload(case).status == "verified"
    assert _reload(resident).phone == PHONE
    assert not case.steps.filter(action="approve").exists()

    change_services.change_approve(case=case, actor=manager, reason="材料属实")
    resident = _reload(resident)
    assert (resident.phone, resident.hukou_location) == (NEW_PHONE, "北京市西城区")
    assert _reload(case).status == "approved"


def test_rejecting_a_verified_request_needs_a_manager_and_leaves_the_record(
    front_desk, manager, resident
):
    case = _verified(resident, front_desk, address=NEW_ADDRESS)
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="reject", actor=front_desk, reason="不符")
    services.case_act(case=case, action="reject", actor=manager, reason="租房合同已过期")
    case = _reload(case)
    assert case.status == "rejected"
    assert not case.change_items.filter(is_open=True).exists()
    assert _reload(resident).address == OLD_ADDRESS


def test_a_name_change_recomputes_the_sort_key_as_registration_does(
    front_desk, front_desk2, resident
):
    _approved(resident, front_desk, front_desk2, name="欧阳修")
    resident = _reload(resident)
    assert resident.name == "欧阳修"
    assert resident.name_sort_key == name_sort_key("欧阳修")


def test_typed_values_are_applied_with_their_types(front_desk, front_desk2, resident):
    _approved(
        resident, front_desk, front_desk2, living_since=datetime.date(2019, 3, 1),
        is_floating=True, floating_arrived_on=datetime.date(2019, 3, 1),
        documents_checked=["residence_permit", "id_card"],
    )
    resident = _reload(resident)
    assert resident.living_since == datetime.date(2019, 3, 1)
    assert resident.is_floating is True
    assert sorted(resident.documents_checked) == ["id_card", "residence_permit"]


# --- conflicts ---------------------------------------------------------------------------------


def _edit_directly(resident, **values) -> None:
    """Someone else changes the record meanwhile (e.g. another request applied)."""
    record = _reload(resident)
    for field, value in values.items():
        setattr(record, field, value)
    record.save()


def test_a_record_changed_after_opening_refuses_approval_and_applies_nothing(
    front_desk, manager, resident
):
    case = _verified(resident, front_desk, address=NEW_ADDRESS, remarks="需核实")
    _edit_directly(resident, address="东城区他处")
    with pytest.raises(ActionRefused) as refused:
        change_services.change_approve(case=case, actor=manager, reason="同意")
    assert case.number in refused.value.message
    assert str(change_services.field_label("address")) in refused.value.message
    resident = _reload(resident)
    assert (resident.address, resident.remarks) == ("东城区他处", "")
    assert _reload(case).status == "verified"


def test_a_change_to_other_fields_is_a_conflict_too(front_desk, front_desk2, manager, resident):
    case = _verified(resident, front_desk, address=NEW_ADDRESS)
    _approved(resident, front_desk, front_desk2, remarks="已更新备注")
    with pytest.raises(ActionRefused):
        change_services.change_approve(case=case, actor=manager)
    assert _reload(resident).address == OLD_ADDRESS


def test_the_reviewer_sees_the_conflict_then_rebases_verifies_and_applies(
    front_desk, front_desk2, manager, resident
):
    case = _verified(resident, front_desk, address=NEW_ADDRESS)
    _edit_directly(resident, address="东城区他处")
    client = _client(manager)
    page = client.get(reverse("casework:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert page.context["panel"]["conflict"].fields == ("address",)
    assert 'id="change-conflict"' in html
    assert "东城区他处" in html and NEW_ADDRESS in html and OLD_ADDRESS in html

    response = client.post(
        reverse("casework:change_approve", args=[case.pk]),
        {"change-approve-reason": "同意"},
    )
    assert response.status_code == 200
    assert case.number in response.content.decode()
    assert _reload(resident).address == "东城区他处"

    # Re-basing needs a reason, and then takes the record as it is now.
    response = client.post(reverse("casework:change_rebase", args=[case.pk]), {})
    assert response.status_code == 200
    assert _reload(case).status == "verified"
    response = client.post(
        reverse("casework:change_rebase", args=[case.pk]),
        {"change-rebase-reason": "地址已被他人更正，居民确认仍按申请变更"},
    )
    assert response.status_code == 302
    case = _reload(case)
    assert case.status == "opened"
    assert case.change_items.get().old_value == "东城区他处"
    assert case.resident_updated_at == _reload(resident).updated_at
    assert client.get(reverse("casework:case_detail", args=[case.pk])).context["panel"][
        "conflict"
    ] is None

    services.case_act(case=case, action="verify", actor=front_desk2)
    response = client.post(reverse("casework:change_approve", args=[case.pk]), {})
    assert response.status_code == 302
    assert _reload(resident).address == NEW_ADDRESS
    assert _reload(case).status == "approved"


def test_rebasing_without_a_conflict_is_refused(front_desk, resident):
    case = _verified(resident, front_desk, address=NEW_ADDRESS)
    with pytest.raises(ActionRefused):
        change_services.change_rebase(case=case, actor=front_desk, reason="重新核对")
    assert _reload(case).status == "verified"


# --- history (UPD-3) -------------------------------------------------------------------------


def test_the_old_values_stay_in_the_residents_audit_history(front_desk, manager, resident):
    _approved(resident, front_desk, manager, address=NEW_ADDRESS, phone=NEW_PHONE)
    entries = [
        entry for entry in LogEntry.objects.get_for_object(_reload(resident))
        .filter(action=LogEntry.Action.UPDATE).order_by("pk")
        if "address" in (entry.changes or {})
    ]
    assert len(entries) == 1
    # Stored sealed with the resident's key (ACC-14); they decrypt to the old and new address.
    key = data_key(resident.pk)
    assert [unseal(key, resident.pk, "address", value)
            for value in entries[0].changes["address"]] == [OLD_ADDRESS, NEW_ADDRESS]
    assert OLD_ADDRESS not in str(entries[0].changes)
    assert entries[0].actor == manager
    # Sensitive values are masked in the log like every write of them; the request keeps them.
    assert PHONE not in str(entries[0].changes)
    assert "phone" in entries[0].changes


# --- the update confirmation slip (UPD-4) --------------------------------------------------


def _print(client, case, reprint_reason: str = ""):
    return client.post(
        reverse("casework:change_slip_print", args=[case.pk]), {"reprint_reason": reprint_reason}
    )


def test_the_front_desk_slip_masks_old_and_new_sensitive_values(
    front_desk_client, front_desk, manager, resident
):
    corrected = _corrected_id_number(resident)
    case = _approved(
        resident, front_desk, manager, phone=NEW_PHONE, address=NEW_ADDRESS,
        hukou_location="北京市西城区", id_number=corrected,
    )
    response = _print(front_desk_client, case)
    text = _pdf_text(response)
    assert mask_phone(PHONE) in text and mask_phone(NEW_PHONE) in text
    assert PHONE not in text and NEW_PHONE not in text
    assert mask_id_number(resident.id_number) in text
    assert resident.id_number not in text and corrected not in text
    assert HUKOU not in text and "北京市西城区" not in text
    assert OLD_ADDRESS in text and NEW_ADDRESS in text
    assert resident.name in text
    assert resident.archive_number in text
    assert REASON in text
    assert timezone.localdate().isoformat() in text
    assert case.number in text
    slip = CaseSlip.objects.get(case=case)
    assert slip.kind == CaseSlipKind.UPDATE_CONFIRMATION
    assert slip.verification_code in text
    assert slip.printed_by == front_desk
    disposition = response["Content-Disposition"]
    assert resident.name not in disposition and case.number in disposition
    reads = _reads(resident, "update_slip")
    assert [r.additional_data["slip"] for r in reads] == [slip.verification_code]
    assert reads[0].actor == front_desk


def test_a_manager_slip_shows_the_values_in_full(manager_client, front_desk, manager, resident):
    corrected = _corrected_id_number(resident)
    case = _approved(resident, front_desk, manager, phone=NEW_PHONE, id_number=corrected)
    text = _pdf_text(_print(manager_client, case))
    assert PHONE in text and NEW_PHONE in text
    assert resident.id_number in text and corrected in text


def test_the_slip_is_printed_only_after_approval(front_desk_client, front_desk, resident):
    case = _verified(resident, front_desk, address=NEW_ADDRESS)
    response = _print(front_desk_client, case)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    errors = response.context["panel"]["print_form"].non_field_errors()
    assert errors and case.number in errors[0]
    assert str(errors[0]) in response.content.decode()
    assert not CaseSlip.objects.exists()


def test_signing_the_slip_closes_the_case(front_desk_client, front_desk, front_desk2, resident):
    case = _approved(resident, front_desk, front_desk2, address=NEW_ADDRESS)
    _print(front_desk_client, case)
    slip = CaseSlip.objects.get(case=case)
    response = front_desk_client.post(
        reverse("casework:slip_sign", args=[slip.pk]),
        {"signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    case = _reload(case)
    assert case.status == "closed"
    assert case.closed_at is not None
    assert _reload(slip).signed_on == timezone.localdate()
    # A closed case can be printed again (e.g. a copy for the archive), saying why.
    again = _print(front_desk_client, case, reprint_reason="存档副本")
    assert again["Content-Type"] == "application/pdf"


# --- change notices (UPD-5) ----------------------------------------------------------------


def test_a_notice_becomes_a_request_when_the_resident_confirms(
    front_desk_client, front_desk, front_desk2, manager, resident
):
    response = front_desk_client.post(
        reverse("casework:change_notice_open", args=[resident.pk]),
        {"subject": "居住地址可能已变更", "details": "走访时邻居反映该户已搬走"},
    )
    assert response.status_code == 302
    case = Case.objects.get(resident=resident)
    assert (case.status, case.channel) == ("noticed", CaseChannel.STAFF_NOTICE)
    assert not case.change_items.exists()
    # A notice cannot be approved before the resident confirms.
    with pytest.raises(ActionRefused):
        change_services.change_approve(case=case, actor=front_desk)

    url = reverse("casework:change_notice_confirm", args=[case.pk])
    case_page = front_desk_client.get(reverse("casework:case_detail", args=[case.pk]))
    assert case_page.context["panel"]["can_confirm"]
    assert url in case_page.content.decode()

    _edit_directly(resident, remarks="期间的其他修改")
    page = front_desk_client.get(url)
    assert page.status_code == 200
    assert _reads(resident, "change_confirm")
    response = post_confirmed(
        front_desk_client, url,
        _payload(front_desk, _reload(resident), address=NEW_ADDRESS, reason="居民确认已搬家"),
    )
    assert response.status_code == 302
    case = _reload(case)
    assert case.status == "opened"
    assert case.resident_updated_at == _reload(resident).updated_at
    assert [(i.field_name, i.old_value, i.new_value) for i in case.change_items.all()] == [
        ("address", OLD_ADDRESS, NEW_ADDRESS)
    ]
    assert case.steps.last().action == "confirm"
    assert change_services.change_reason(case) == "居民确认已搬家"
    assert case.materials.get().received

    # Confirmed once: the page now sends the user back to the case.
    assert front_desk_client.get(url).status_code == 302
    # Noticed and confirmed by one clerk: verified and approved by two others (four eyes).
    services.case_act(case=case, action="verify", actor=front_desk2)
    change_services.change_approve(case=case, actor=manager)
    assert _reload(resident).address == NEW_ADDRESS


def test_a_notice_can_be_withdrawn(front_desk, resident):
    case = change_services.change_notice_open(
        resident=resident, actor=front_desk, subject="电话号码可能已停用", details="多次拨打为空号"
    )
    with pytest.raises(ActionRefused):
        services.case_act(case=case, action="withdraw", actor=front_desk)
    services.case_act(case=case, action="withdraw", actor=front_desk, reason="居民已来电核实无误")
    assert _reload(case).status == "withdrawn"


def test_a_notice_needs_what_seems_wrong(front_desk_client, resident):
    response = front_desk_client.post(
        reverse("casework:change_notice_open", args=[resident.pk]), {"subject": "地址"}
    )
    assert response.status_code == 200
    assert "details" in response.context["form"].errors
    assert not Case.objects.exists()


# --- concurrency ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_approving_at_once_apply_exactly_once():
    clerk = make_user(roles.FRONT_DESK)
    managers = [make_user(roles.MANAGER), make_user(roles.MANAGER)]
    resident = make_resident(actor=clerk, phone=PHONE)
    case = _verified(resident, clerk, phone=NEW_PHONE)

    def approve(actor):
        change_services.change_approve(case=case, actor=actor, reason="同意")
        return "approved"

    outcomes = _run_at_once(approve, managers)
    assert sorted(map(str, outcomes)) == ["approved", "refused"], outcomes
    case = _reload(case)
    assert case.status == "approved"
    assert case.steps.filter(action="approve").count() == 1
    assert _reload(resident).phone == NEW_PHONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_for_the_same_field_at_once_open_exactly_one():
    clerks = [make_user(roles.FRONT_DESK), make_user(roles.FRONT_DESK)]
    resident = make_resident(actor=clerks[0])

    def open_request(actor):
        return _open(resident, actor, address=f"东城区{actor.pk}号").number

    outcomes = _run_at_once(open_request, clerks)
    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert outcomes.count("refused") == 1, outcomes
    assert ChangeItem.objects.filter(resident=resident, is_open=True).count() == 1


def test_the_database_holds_one_open_item_per_field(front_desk, resident):
    case = _open(resident, front_desk, address=NEW_ADDRESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeItem.objects.create(
            case=case, resident=resident, field_name="address", old_value="", new_value="x"
        )


# --- demo data -------------------------------------------------------------------------------


def test_demo_seed_creates_requests_in_several_states_once(front_desk, front_desk2, manager):
    residents = [make_resident(actor=front_desk) for _ in range(5)]
    users = {"frontdesk": front_desk, "frontdesk2": front_desk2, "manager": manager}
    assert demo_change.seed(rng=random.Random(7), users=users, residents=residents) == 4
    cases = Case.objects.filter(kind=CaseKind.CHANGE)
    assert sorted(cases.values_list("status", flat=True)) == [
        "closed", "noticed", "opened", "verified"
    ]
    closed = cases.get(status="closed")
    assert closed.slips.get().signed_on == timezone.localdate()
    assert closed.resident.address == closed.change_items.get().new_value
    # Four eyes: opened by one clerk, verified by the other, approved by the manager.
    steps = dict(closed.steps.values_list("action", "actor"))
    assert [steps["open"], steps["verify"], steps["approve"]] == [
        front_desk.pk, front_desk2.pk, manager.pk
    ]
    assert demo_change.seed(rng=random.Random(7), users=users, residents=residents) == 0
    assert cases.count() == 4
