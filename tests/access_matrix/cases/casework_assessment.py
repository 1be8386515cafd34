"""Access matrix cases of assessment (SUP-3, SUP-6), the annual evaluation (SUP-2), the policies
page (PUB-1) and the bulletin-board notices (PUB-2).

Managers read every assessment line, keep the standards, attribute complaints, write the year's
proposals and keep the policies; front desk staff read their own assessment line only; the
policies page, each policy, its PDF and the notices are public.
"""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from casework.models import Policy
from casework.policies.services import policy_add
from tests.access_matrix.cases.common import FORBIDDEN, FOUND, OK, ROLES, Case, World, _statuses

MANAGERS = dict(manager=OK, designated_manager=OK)
MANAGERS_FOUND = dict(manager=FOUND, designated_manager=FOUND)
EVERYONE = {role: OK for role in ROLES}


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _policy_data(w) -> dict:
    return {"title": "社区居民公约", "issuer": "社区居委会",
            "issued_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "text": "第一条 居民应当遵守本公约。"}


def _standards(w) -> dict:
    data = {}
    for grade, on_time in (("excellent", "95"), ("good", "85"), ("pass", "70")):
        data[f"{grade}__min_on_time_percent"] = on_time
    return data


CASES: dict[str, Case] = {
    "casework:assessment": Case(
        "get", lambda w: reverse("casework:assessment"),
        _statuses(FORBIDDEN, front_desk=OK, **MANAGERS),
    ),
    "casework:assessment_pdf": Case(
        "get", lambda w: reverse("casework:assessment_pdf"),
        _statuses(FORBIDDEN, front_desk=OK, **MANAGERS),
    ),
    "casework:assessment_standards": Case(
        "post", lambda w: reverse("casework:assessment_standards"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), _standards,
    ),
    # No complaint number: the form comes back with its error, nothing is recorded.
    "casework:assessment_attribute": Case(
        "post", lambda w: reverse("casework:assessment_attribute"),
        _statuses(FORBIDDEN, **MANAGERS), lambda w: {"number": ""},
    ),
    "casework:annual_evaluation": Case(
        "post", lambda w: reverse("casework:annual_evaluation"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), lambda w: {"proposals": "加强窗口服务培训。"},
    ),
    "casework:annual_evaluation_pdf": Case(
        "get", lambda w: reverse("casework:annual_evaluation_pdf"),
        _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:policy_manage": Case(
        "get", lambda w: reverse("casework:policy_manage"), _statuses(FORBIDDEN, **MANAGERS),
    ),
    "casework:policy_create": Case(
        "post", lambda w: reverse("casework:policy_create"),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), _policy_data,
    ),
    "casework:policy_edit": Case(
        "post", lambda w: reverse("casework:policy_edit", args=[w.extra["policy"].pk]),
        _statuses(FORBIDDEN, **MANAGERS_FOUND), _policy_data,
    ),
    "casework:policy_withdraw": Case(
        "post", lambda w: reverse("casework:policy_withdraw", args=[w.extra["old_policy"].pk]),
        _statuses(FORBIDDEN, **MANAGERS_FOUND),
    ),
    "public:policies": Case("get", lambda w: reverse("public:policies"), EVERYONE),
    "public:policies_notice": Case("get", lambda w: reverse("public:policies_notice"), EVERYONE),
    "public:policy": Case(
        "get", lambda w: reverse("public:policy", args=[w.extra["policy"].pk]), EVERYONE,
    ),
    "public:policy_document": Case(
        "get", lambda w: reverse("public:policy_document", args=[w.extra["policy"].pk]),
        EVERYONE,
    ),
    "public:board_notice": Case("get", lambda w: reverse("public:board_notice"), EVERYONE),
}


def build(world: World) -> None:
    """A published policy with its PDF, and one to withdraw."""
    manager = world.users["manager"]
    day = timezone.localdate() - datetime.timedelta(days=10)
    world.extra["policy"] = policy_add(
        actor=manager, title="城乡居民最低生活保障办法", issuer="民政局", issued_on=day,
        text="全文见附件。", pdf=_pdf(),
    )
    world.extra["old_policy"] = policy_add(
        actor=manager, title="旧版居民公约", issuer="社区居委会", issued_on=day, text="已废止。",
    )
    assert Policy.objects.published().count() >= 2
