"""Demo data of imports: a column mapping for each source, as their files name the columns."""

from __future__ import annotations

import random

from django.contrib.auth.models import User

from residents.imports.services import import_profile_save
from residents.models import ImportProfile, ImportSource, Resident

DEMO_COLUMNS: dict[str, dict[str, str]] = {
    ImportSource.POLICE: {
        "name": "姓名", "id_number": "公民身份号码", "hukou_location": "户籍地址",
        "hukou_moved_in_on": "迁入日期", "address": "现住址", "phone": "联系电话",
        "hukou_type": "户口性质", "area": "所属网格",
    },
    ImportSource.CIVIL_AFFAIRS: {
        "name": "姓名", "id_number": "身份证号", "hukou_location": "户籍所在地",
        "address": "居住地址", "residence_type": "住房性质", "phone": "电话",
        "area": "小区",
    },
    ImportSource.SOCIAL_SECURITY: {
        "name": "参保人姓名", "id_number": "社会保障号码", "hukou_location": "户籍地",
        "address": "通讯地址", "phone": "手机号码", "living_since": "本地居住起始日期",
    },
}


def seed(*, rng: random.Random, users: dict[str, User], residents: list[Resident]) -> int:
    """One mapping per source, set by the manager; a source that has one keeps it."""
    created = 0
    for source, columns in DEMO_COLUMNS.items():
        if not ImportProfile.objects.filter(source=source).exists():
            import_profile_save(actor=users["manager"], source=source, columns=columns)
            created += 1
    return created
