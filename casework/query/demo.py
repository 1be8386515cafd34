"""Demo data of the query requests (QRY-1), made through casework/query/services.py: one
answered with a printed result slip (and later closed), one answered with the access report,
one waiting for the identity check at the window."""

from __future__ import annotations

import random

from django.contrib.auth.models import User

from casework.engine import services
from casework.models import Case, CaseKind
from casework.query import services as query_services
from residents.audit.context import acting_as
from residents.models import Resident

PURPOSES = [
    "办理社保业务，需核对本人户籍登记信息",
    "申请公租房，核对现居住地址和家庭情况登记",
    "想了解社区登记了本人哪些信息，以及有谁查看过",
    "子女入学需核对居住证明相关登记信息",
]


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    if not residents or Case.objects.filter(kind=CaseKind.QUERY).exists():
        return 0
    front_desk = users["frontdesk"]
    manager = users["manager"]
    chosen = rng.sample(residents, k=min(3, len(residents)))
    created = 0
    with acting_as(front_desk):
        # Answered at the window, the printed slip handed over, then closed.
        answered = query_services.query_open(
            resident=chosen[0], actor=front_desk, purpose=PURPOSES[0],
        )
        query_services.query_identity_check(
            case=answered, actor=front_desk,
            document=query_services.IdentityDocumentChecked.ID_CARD,
        )
        query_services.query_result_print(
            case=answered, actor=front_desk, id_number=chosen[0].id_number
        )
        services.case_act(case=answered, action="close", actor=front_desk, reason="结果单已交本人")
        created += 1
    if len(chosen) > 1:
        with acting_as(manager):
            # The resident also asked who viewed or changed the record.
            with_report = query_services.query_open(
                resident=chosen[1], actor=manager, purpose=PURPOSES[2],
                include_access_report=True,
            )
            query_services.query_identity_check(
                case=with_report, actor=manager,
                document=query_services.IdentityDocumentChecked.HUKOU_BOOKLET,
            )
            query_services.query_result_print(
                case=with_report, actor=manager, id_number=chosen[1].id_number
            )
            created += 1
    if len(chosen) > 2:
        with acting_as(front_desk):
            # Opened by phone appointment; the resident comes to the window with the documents.
            query_services.query_open(
                resident=chosen[2], actor=front_desk, purpose=rng.choice(
                    [PURPOSES[1], PURPOSES[3]]
                ),
            )
            created += 1
    return created
