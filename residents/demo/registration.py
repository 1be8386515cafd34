"""Demo data of registration: residents registered with a Hong Kong, Macao and
Taiwan residence permit and a foreigners' permanent residence ID card, household registration
moves, and printed slips and forms whose codes the public verification page confirms."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User

from residents.access.policy import policy_for
from residents.audit.context import acting_as
from residents.common.id_numbers import make_permanent_residence_number, make_permit_number
from residents.models import (
    Channel,
    FormKind,
    HukouMove,
    HukouMoveKind,
    IdentityDocument,
    RegistrationStatus,
    ResidenceType,
    Resident,
)
from residents.people import printed_forms, services

HOMETOWNS = ["河北省保定市莲池区", "山东省济南市历下区", "河南省郑州市金水区", "湖北省武汉市江岸区"]


def _non_hukou_residents(users: dict[str, User]) -> int:
    clerk, checker = users["frontdesk"], users["frontdesk2"]
    people = [
        {
            "name": "林志明", "gender": "M", "birth_date": datetime.date(1986, 3, 12),
            "id_number": make_permit_number(
                region="83", birth_date=datetime.date(1986, 3, 12), sequence=35, gender="M"
            ),
            "hukou_location": "台湾地区台北市", "documents_checked": [
                IdentityDocument.HMT_PERMIT, IdentityDocument.PASSPORT,
            ],
            "numbers": {IdentityDocument.PASSPORT: "T23456789"},
            "remarks": "台湾居民，在本市工作",
        },
        {
            "name": "安娜·米勒", "gender": "F", "birth_date": datetime.date(1979, 11, 2),
            "id_number": make_permanent_residence_number(
                province="11", nationality="276", birth_date=datetime.date(1979, 11, 2),
                sequence=42, gender="F",
            ),
            "hukou_location": "外籍（德国）", "documents_checked": [
                IdentityDocument.FOREIGN_PR_CARD,
            ],
            "numbers": {},
            "remarks": "持外国人永久居留身份证",
        },
    ]
    created = 0
    for person in people:
        if Resident.objects.filter(id_number=person["id_number"]).exists():
            continue
        numbers = person.pop("numbers")
        data = {
            **person, "address": "北京市东城区和平里街道 幸福小区 3号楼1单元502室",
            "residence_type": ResidenceType.RENTED, "hukou_type": "non_registered",
            "area": "幸福小区", "consent_optional": True, "phone": "",
            "service_needs": "", "hukou_moved_in_on": None, "living_since": None,
        }
        with acting_as(clerk):
            resident = services.registration_create(
                actor=clerk, data=data, submit=True, channel=Channel.WINDOW,
                document_numbers=numbers,
            )
        with acting_as(checker):
            services.registration_verify(registration=resident, actor=checker)
        created += 1
    return created


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """Once: two non-hukou residents, moves for a few residents, a printed slip and form."""
    if HukouMove.objects.filter(kind=HukouMoveKind.TRANSFERRED).exists():
        return 0
    created = _non_hukou_residents(users)
    clerk = users["frontdesk"]
    for resident in residents[:6]:
        moved_on = max(resident.birth_date, datetime.date(2005, 1, 1)) + datetime.timedelta(
            days=rng.randint(30, 3000)
        )
        services.hukou_move_record(
            actor=clerk, resident=resident, kind=HukouMoveKind.MOVED_IN,
            moved_on=min(moved_on, datetime.date(2024, 12, 31)),
            from_place=rng.choice(HOMETOWNS), to_place=resident.hukou_location,
        )
        created += 1
    if residents:
        first = residents[0]
        services.hukou_move_record(
            actor=clerk, resident=first, kind=HukouMoveKind.TRANSFERRED,
            moved_on=datetime.date(2025, 6, 1), from_place=first.hukou_location,
            to_place=first.hukou_location, note="区内迁移，户籍地址门牌调整",
        )
        verified = [r for r in residents if r.status == RegistrationStatus.VERIFIED][:1]
        for resident in verified:
            services.slip_print(resident=resident, actor=clerk, policy=policy_for(clerk, resident))
            printed_forms.form_print(
                kind=FormKind.CHANGE, actor=clerk, policy=policy_for(clerk, resident),
                resident=resident,
            )
            created += 2
    printed_forms.form_print(kind=FormKind.REGISTRATION, actor=clerk, policy=policy_for(clerk))
    return created + 1
