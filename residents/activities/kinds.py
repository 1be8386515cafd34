"""What each service kind is for (CLS-4, CLS-5, TRK-6): the age class it serves, and who may
use it (户籍 only, or all residents). The one place both are stated; the record service and
casework's catalogue items ask `eligibility_refusal`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from residents.models import HukouType, Resident, ServiceKind
from residents.people.classification import AGE_GROUP_LABELS, AgeGroup, age_group

# Services per age class (CLS-4): a record of one of these kinds is for residents of that
# class on the day it is recorded (the class is derived from the birth date, never typed).
SERVICE_AGE_GROUPS: dict[str, AgeGroup] = {
    ServiceKind.GROWTH_FILE: AgeGroup.MINOR,
    ServiceKind.EMPLOYMENT: AgeGroup.YOUTH,
    ServiceKind.ENTREPRENEURSHIP: AgeGroup.YOUTH,
    ServiceKind.MATCHMAKING: AgeGroup.YOUTH,
    ServiceKind.HEALTH_MANAGEMENT: AgeGroup.MIDDLE_AGED,
    ServiceKind.COUNSELLING: AgeGroup.MIDDLE_AGED,
    ServiceKind.HEALTH_FILE: AgeGroup.ELDERLY,
    ServiceKind.ELDERLY_CARE: AgeGroup.ELDERLY,
    ServiceKind.ELDERLY_MEDICAL: AgeGroup.ELDERLY,
    ServiceKind.RECREATION: AgeGroup.ELDERLY,
}

# Eligibility by household registration (CLS-5): the kinds only registered (户籍) residents
# may use; every other kind is open to all residents.
REGISTERED_ONLY: frozenset[str] = frozenset({
    ServiceKind.DIBAO,
    ServiceKind.TEKUN,
    ServiceKind.HOUSING_CONSULTATION,
})

# The files whose absence is a due item on the work lists (CLS-4): the class, the file kind.
DUE_FILES: tuple[tuple[AgeGroup, str], ...] = (
    (AgeGroup.ELDERLY, ServiceKind.HEALTH_FILE),
    (AgeGroup.MINOR, ServiceKind.GROWTH_FILE),
)


def eligibility_label(registered_only: bool) -> str:
    return _("Registered residents (户籍) only") if registered_only else _("All residents")


def eligibility_refusal(resident: Resident, *, registered_only: bool, name: str) -> str | None:
    """Why the resident may not use the service or item `name` (CLS-5), or None."""
    if registered_only and resident.hukou_type != HukouType.REGISTERED:
        return _(
            "“%(name)s” is only for registered residents (户籍); this resident is not "
            "registered here."
        ) % {"name": name}
    return None


def age_class_refusal(resident: Resident, kind: str) -> str | None:
    """Why a record of `kind` does not fit the resident's derived age class (CLS-4), or None."""
    wanted = SERVICE_AGE_GROUPS.get(kind)
    if wanted is None or resident.birth_date is None:
        return None
    actual = age_group(resident.birth_date)
    if actual == wanted:
        return None
    return _(
        "“%(name)s” is a service for the class “%(wanted)s”; this resident is in the class "
        "“%(actual)s”."
    ) % {
        "name": ServiceKind(kind).label, "wanted": AGE_GROUP_LABELS[wanted],
        "actual": AGE_GROUP_LABELS[actual],
    }
