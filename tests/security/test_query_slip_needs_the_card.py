"""The query result slip (QRY-1) carries the resident's own record in full, so it prints only
after the clerk types the ID number from the card presented and it matches the record.

A wrong number prints nothing and records nothing but a refused attempt in the audit trail;
a crafted request without the number gets no PDF; a reprint of a closed request needs the
card again; after five wrong numbers within the hour the print is refused without comparing,
so the form cannot be used to guess a number.
"""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.engine import services
from casework.models import Case, CaseSlip
from casework.query import services as query_services
from residents.common.id_numbers import make_id_number
from residents.models import Resident
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1983, 11, 29)


def _id_number_ending_in_x() -> str:
    for sequence in range(1, 1000, 2):
        number = make_id_number(area="110101", birth_date=BIRTH, sequence=sequence, gender="M")
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives the check digit X")


@pytest.fixture
def resident(front_desk):
    return make_resident(
        actor=front_desk, id_number=_id_number_ending_in_x(), birth_date=BIRTH, gender="M",
    )


@pytest.fixture
def desk(front_desk):
    client = Client()
    client.force_login(front_desk)
    return client


def _checked(resident, actor) -> Case:
    case = query_services.query_open(resident=resident, actor=actor, purpose="核对本人登记信息")
    return query_services.query_identity_check(case=case, actor=actor, document="id_card")


def _print(client, case, data=None, *, method: str = "post"):
    url = reverse("casework:query_result_print", args=[case.pk])
    return getattr(client, method)(url, data or {})


def _typed(number: str) -> dict:
    return {"print-id_number": number}


def _wrong(resident) -> str:
    # Another valid number: only the comparison with the record refuses it.
    return make_id_number(area="110101", birth_date=BIRTH, sequence=501, gender="M")


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )


def _state(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return case.status, case.steps.count(), case.slips.count()


def _entries(resident, **data) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident),
            object_pk=str(resident.pk), action=LogEntry.Action.ACCESS,
            **{f"additional_data__{key}": value for key, value in data.items()},
        ).order_by("pk")
    )


def _print_reads(resident) -> list[LogEntry]:
    return _entries(resident, event="read", purpose="query_result")


def _refused_on_the_field(response) -> str:
    """The page again, with the reason next to the ID number field; no PDF."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    form = response.context["panel"]["print_form"]
    assert list(form.errors) == ["id_number"]
    html = response.content.decode()
    assert 'id="id_print-id_number_error"' in html
    return " ".join(form.errors["id_number"])


def test_a_wrong_id_number_prints_nothing_records_nothing_and_is_audited(
    desk, front_desk, resident
):
    case = _checked(resident, front_desk)
    before = _state(case)
    wrong = _wrong(resident)
    message = _refused_on_the_field(_print(desk, case, _typed(wrong)))
    assert "证件号码" in message and "未打印" in message
    assert _state(case) == before
    assert not CaseSlip.objects.exists()
    assert not _print_reads(resident)
    # The refused attempt is in the trail, naming the case, the clerk and the reason.
    (denied,) = _entries(resident, event="denied", reason="id_mismatch")
    assert denied.actor == front_desk
    assert denied.additional_data["case"] == case.number
    assert denied.additional_data["purpose"] == "query_result"
    # Neither the number typed nor the stored one is in the log or echoed on the page.
    assert wrong not in str(denied.additional_data)
    html = _print(desk, case, _typed(wrong)).content.decode()
    assert wrong not in html and resident.id_number not in html


def test_the_right_id_number_prints_the_slip_with_spaces_and_a_lowercase_x(
    desk, front_desk, resident
):
    case = _checked(resident, front_desk)
    typed = resident.id_number.lower()
    typed = f"{typed[:6]} {typed[6:14]} {typed[14:]}"
    assert typed.endswith("x")
    response = _print(desk, case, _typed(typed))
    text = _pdf_text(response)
    slip = CaseSlip.objects.get()
    assert slip.verification_code in text
    assert resident.id_number in text
    assert resident.name in text
    assert _state(case) == ("answered", 3, 1)
    assert len(_print_reads(resident)) == 1
    assert not _entries(resident, event="denied")


def test_a_full_width_number_typed_with_a_chinese_input_method_matches(
    desk, front_desk, resident
):
    case = _checked(resident, front_desk)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in resident.id_number)
    assert _print(desk, case, _typed(full_width))["Content-Type"] == "application/pdf"


def test_a_crafted_request_without_the_number_gets_no_pdf(desk, front_desk, resident):
    case = _checked(resident, front_desk)
    before = _state(case)
    missing = _print(desk, case)
    assert missing["Content-Type"].startswith("text/html")
    assert list(missing.context["panel"]["print_form"].errors) == ["id_number"]
    # A malformed number is told at once and costs no try.
    short = _print(desk, case, _typed(resident.id_number[:17]))
    assert short["Content-Type"].startswith("text/html")
    assert list(short.context["panel"]["print_form"].errors) == ["id_number"]
    # The print URL answers POST only: a link or a GET never prints.
    assert _print(desk, case, _typed(resident.id_number), method="get").status_code == 405
    # The number of another field name, or a bare field name, does not count either.
    crafted = _print(desk, case, {"id_number": resident.id_number})
    assert crafted["Content-Type"].startswith("text/html")
    assert _state(case) == before
    assert not CaseSlip.objects.exists()
    assert not _print_reads(resident)
    assert not _entries(resident, event="denied", reason="id_mismatch")


def test_the_service_itself_refuses_without_the_matching_number(front_desk, resident):
    case = _checked(resident, front_desk)
    with pytest.raises(query_services.ActionRefused) as refused:
        query_services.query_result_print(case=case, actor=front_desk, id_number="")
    assert refused.value.field == "id_number"
    assert not CaseSlip.objects.exists()


def test_a_reprint_of_a_closed_request_needs_the_card_again(desk, front_desk, resident):
    case = _checked(resident, front_desk)
    query_services.query_result_print(case=case, actor=front_desk, id_number=resident.id_number)
    services.case_act(case=case, action="close", actor=front_desk, reason="结果单已交本人")
    before = _state(case)
    assert before[0] == "closed"
    # The page offers the reprint with the field, not a bare button.
    page = desk.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert 'name="print-id_number"' in page

    _refused_on_the_field(_print(desk, case, _typed(_wrong(resident))))
    assert _print(desk, case)["Content-Type"].startswith("text/html")
    assert _state(case) == before

    # A reprint also says why it is printed again.
    reprint = _print(desk, case, {**_typed(resident.id_number),
                                  "print-reprint_reason": "居民遗失结果单"})
    assert resident.id_number in _pdf_text(reprint)
    assert _state(case) == ("closed", before[1], 2)


def test_five_wrong_numbers_within_the_hour_pause_printing_for_the_resident(
    desk, front_desk, resident
):
    case = _checked(resident, front_desk)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _try in range(5):
            _refused_on_the_field(_print(desk, case, _typed(_wrong(resident))))
            clock.shift(datetime.timedelta(minutes=1))
        # The sixth try is refused without comparing, even with the right number.
        paused = _refused_on_the_field(_print(desk, case, _typed(resident.id_number)))
        assert "暂停" in paused
        assert not CaseSlip.objects.exists()
        assert len(_entries(resident, event="denied", reason="id_mismatch")) == 5
        assert len(_entries(resident, event="denied", reason="id_check_limit")) == 1
        # Opening another request for the same resident buys no more guesses.
        other = _checked(resident, front_desk)
        _refused_on_the_field(_print(desk, other, _typed(resident.id_number)))
        assert not CaseSlip.objects.exists()
        # An hour after the first wrong number, one try is free again.
        clock.shift(datetime.timedelta(minutes=55))
        desk.force_login(front_desk)  # the idle session ended meanwhile
        assert _print(desk, case, _typed(resident.id_number))["Content-Type"] == (
            "application/pdf"
        )
    assert CaseSlip.objects.count() == 1


def test_the_trail_names_the_refused_check(manager, desk, front_desk, resident):
    case = _checked(resident, front_desk)
    _print(desk, case, _typed(_wrong(resident)))
    boss = Client()
    boss.force_login(manager)
    page = boss.get(reverse("audit:trail"), {"resident": resident.archive_number})
    assert "证件号码与登记不符" in page.content.decode()
