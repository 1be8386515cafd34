"""The affairs catalogue (AFF-1): managers add items and change them, retire or re-offer them.

The checks of an item's values raise one ValidationError keyed by field, so the page shows
every message next to its field at once; a refusal (ActionRefused) names the field it concerns.
auditlog records each write (AffairItem is registered). Changing an item
does not touch the cases already accepted: they keep the checklist copied at acceptance.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from casework.engine.services import MAX_TIME_LIMIT_DAYS, MIN_TIME_LIMIT_DAYS
from casework.models import AffairItem, Eligibility
from residents.common.errors import ActionRefused

# A material becomes one line of a case's checklist (CaseMaterial.name).
MATERIAL_MAX_LENGTH = 100
# An item whose name holds one of these words tells the applicant's economic or health status
# (低保, 特困, disability, serious illness): its cases' details are always restricted (AFF-7).
STATUS_WORDS = ("低保", "最低生活保障", "特困", "残疾", "重病", "大病", "重大疾病")


def names_a_status(name: str) -> bool:
    return any(word in name for word in STATUS_WORDS)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _checked(
    *,
    item: AffairItem | None,
    name: str,
    legal_basis: str,
    materials: str,
    procedure: str,
    time_limit_days: int,
) -> dict:
    """The cleaned values, or ValidationError with every problem keyed by its field."""
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    legal_basis = (legal_basis or "").strip()
    material_lines = _lines(materials)
    procedure_lines = _lines(procedure)
    if not name:
        errors["name"] = _("Name the affair.")
    else:
        same = AffairItem.objects.filter(name__iexact=name)
        if item is not None:
            same = same.exclude(pk=item.pk)
        if same.exists():
            errors["name"] = _("The catalogue already has an affair with this name.")
    if not legal_basis:
        errors["legal_basis"] = _(
            "State the legal basis: the law, regulation or policy document, with its article."
        )
    if not material_lines:
        errors["materials"] = _("List at least one required material, one per line.")
    elif any(len(line) > MATERIAL_MAX_LENGTH for line in material_lines):
        errors["materials"] = _(
            "Each material may have at most %(max)d characters; split long lines."
        ) % {"max": MATERIAL_MAX_LENGTH}
    elif len({line.casefold() for line in material_lines}) != len(material_lines):
        errors["materials"] = _("A material is listed twice; list each material once.")
    if not procedure_lines:
        errors["procedure"] = _("List at least one step of the procedure, one per line.")
    if (
        not isinstance(time_limit_days, int)
        or not MIN_TIME_LIMIT_DAYS <= time_limit_days <= MAX_TIME_LIMIT_DAYS
    ):
        errors["time_limit_days"] = _(
            "The time limit must be between %(min)d and %(max)d working days."
        ) % {"min": MIN_TIME_LIMIT_DAYS, "max": MAX_TIME_LIMIT_DAYS}
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "legal_basis": legal_basis,
        "materials": "\n".join(material_lines),
        "procedure": "\n".join(procedure_lines),
        "time_limit_days": time_limit_days,
    }


# The chain's people, who may apply, and the steps' own limits (AFF-3, AFF-8, CLS-5).
CHAIN_FIELDS = (
    "department", "eligibility", "initial_review_days", "second_review_days", "approval_days",
)


def _chain(
    *, time_limit_days: int, needs_second_review: bool, department=None,
    eligibility: str = Eligibility.ALL, initial_review_days: int = 0,
    second_review_days: int = 0, approval_days: int = 0,
) -> dict:
    """The chain values, or ValidationError keyed by field: the steps' limits fit inside the
    item's (AFF-8)."""
    errors: dict[str, str] = {}
    eligibility = eligibility or Eligibility.ALL
    if eligibility not in Eligibility.values:
        errors["eligibility"] = _("Choose who may apply from the list.")
    days = {
        "initial_review_days": initial_review_days or 0,
        "second_review_days": (second_review_days or 0) if needs_second_review else 0,
        "approval_days": approval_days or 0,
    }
    if any(not isinstance(value, int) or value < 0 for value in days.values()):
        errors["initial_review_days"] = _("A step's limit is a number of working days, 0 or more.")
    elif sum(days.values()) > time_limit_days:
        errors["approval_days"] = _(
            "The steps' own limits add up to %(sum)d working days, more than the affair's "
            "time limit of %(limit)d."
        ) % {"sum": sum(days.values()), "limit": time_limit_days}
    if department is not None and not department.is_active:
        errors["department"] = _("This department is no longer active; choose another one.")
    if errors:
        raise ValidationError(errors)
    return {"department": department, "eligibility": eligibility, **days}


def _save(item: AffairItem, **save_kwargs) -> AffairItem:
    item.full_clean()
    try:
        with transaction.atomic():
            item.save(**save_kwargs)
    except IntegrityError as error:
        # Someone saved an item of the same name at the same moment.
        raise ActionRefused(
            _("The catalogue already has an affair with this name."), field="name"
        ) from error
    return item


def catalogue_item_add(
    *,
    name: str,
    legal_basis: str,
    materials: str,
    procedure: str,
    time_limit_days: int,
    needs_second_review: bool,
    actor,
    reveals_status: bool = False,
    **chain,
) -> AffairItem:
    if not actor.has_perm("casework.add_affairitem"):
        raise ActionRefused(_("You are not allowed to add affairs to the catalogue."))
    values = _checked(
        item=None, name=name, legal_basis=legal_basis, materials=materials,
        procedure=procedure, time_limit_days=time_limit_days,
    )
    values.update(_chain(
        time_limit_days=time_limit_days, needs_second_review=needs_second_review, **chain
    ))
    with transaction.atomic():
        item = AffairItem(
            **values, needs_second_review=needs_second_review, is_active=True,
            reveals_status=reveals_status or names_a_status(values["name"]),
        )
        return _save(item)


def catalogue_item_change(
    *,
    item: AffairItem,
    name: str,
    legal_basis: str,
    materials: str,
    procedure: str,
    time_limit_days: int,
    needs_second_review: bool,
    is_active: bool,
    actor,
    reveals_status: bool = False,
    **chain,
) -> AffairItem:
    """Change an item; `is_active` False retires it (no longer offered nor published).
    `chain`: the fields of CHAIN_FIELDS to change (the others keep their values)."""
    if not actor.has_perm("casework.change_affairitem"):
        raise ActionRefused(_("You are not allowed to change the catalogue."))
    with transaction.atomic():
        locked = AffairItem.objects.select_for_update().get(pk=item.pk)
        values = _checked(
            item=locked, name=name, legal_basis=legal_basis, materials=materials,
            procedure=procedure, time_limit_days=time_limit_days,
        )
        current = {field: getattr(locked, field) for field in CHAIN_FIELDS}
        values.update(_chain(
            time_limit_days=time_limit_days, needs_second_review=needs_second_review,
            **{**current, **chain},
        ))
        for field, value in values.items():
            setattr(locked, field, value)
        locked.needs_second_review = needs_second_review
        locked.is_active = is_active
        locked.reveals_status = reveals_status or names_a_status(locked.name)
        return _save(
            locked, update_fields=[*values, "needs_second_review", "is_active", "reveals_status"]
        )
