"""Everything the audit trail shows reads in the reader's language: field names, a case's
states and steps, field groups of other apps."""

from __future__ import annotations

import re

from auditlog.registry import auditlog
from django.test import Client
from django.urls import reverse
from django.utils import translation

from casework.engine import services as case_services
from casework.models import CaseKind
from residents.audit.trail import field_label
from tests.factories import make_resident

# Words that stay as they are in Chinese text.
KEPT = re.compile(r"SHA-256|IP|ID|PDF")


def _trail_text(user, **params) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("audit:trail"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_every_audited_field_is_named_in_chinese_on_the_trail():
    english = []
    with translation.override("zh-hans"):
        for model in auditlog.get_models():
            for model_field in model._meta.concrete_fields:
                if model_field.primary_key:
                    continue
                label = KEPT.sub("", field_label(model, model_field.name))
                if re.search("[A-Za-z]", label):
                    english.append(f"{model.__name__}.{model_field.name}: {label}")
    assert not english, "Fields the trail names in English:\n" + "\n".join(english)


def test_a_cases_states_and_steps_show_as_the_case_page_names_them(front_desk, auditor):
    resident = make_resident(actor=front_desk)
    case_services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=front_desk, resident=resident,
        time_limit_days=5,
    )
    page = _trail_text(auditor, action="create")
    assert "已受理" in page or "受理" in page
    assert "opened" not in page
    assert "Resident updated at" not in page and "resident_updated_at" not in page
    assert "居民档案更新时间" in page


def test_a_read_of_a_case_without_resident_names_the_applicant_group(front_desk, auditor):
    case = case_services.case_open(
        kind=CaseKind.COMPLAINT, subject="楼道灯坏了", actor=front_desk,
        applicant_name="李四", applicant_contact="13800000000", time_limit_days=5,
    )
    client = Client()
    client.force_login(front_desk)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200
    page = _trail_text(auditor, action="access")
    assert "case_applicant" not in page
    assert "案件申请人" in page
