"""Printable forms (REG-9): the registration form (居民信息登记表), the change application
(信息变更申请表) and the query application (信息查询申请表), blank or pre-filled.

A pre-filled form shows each field as the printing user may see it (the field policy), like the
slips; a blank one names nobody. Each print is recorded with a verification code (REG-11).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from residents.access.fields import FIELD_LABELS, RESIDENT_FIELDS, SECTION_LABELS, Section
from residents.access.masking import mask_name
from residents.access.policy import FieldPolicy
from residents.common.pdf import VerifiedPrint, content_hash, print_record_create, render_pdf
from residents.common.permissions import require_perm
from residents.models import FormKind, FormPrint, IdentityDocument, Resident
from residents.people.presentation import display_rows

TEMPLATE = "residents/pdf/printed_form.html"
PRINT_PERMISSION = "residents.add_slip"
# The fields the registration form asks for, section by section (one declaration: fields.py).
FORM_SECTIONS = tuple(
    (
        SECTION_LABELS[section],
        tuple(f.name for f in RESIDENT_FIELDS if f.editable and f.section == section),
    )
    for section in (Section.IDENTITY, Section.RESIDENCE, Section.WORK, Section.SERVICES)
)
# What identifies the resident at the top of a change or query application.
IDENTITY_FIELDS = ("name", "id_number", "phone", "address")


def _sections(resident: Resident | None, policy: FieldPolicy, kind: str) -> list[dict]:
    """(title, rows) of the form; a row's value is "" on a blank form (a line to write on)."""
    if kind == FormKind.REGISTRATION:
        sections = FORM_SECTIONS
    else:
        sections = ((_("Applicant"), IDENTITY_FIELDS),)
    result = []
    for title, fields in sections:
        fields = tuple(f for f in fields if f not in ("documents_checked", "consent_optional"))
        if resident is None:
            rows = [(str(FIELD_LABELS[f]), "") for f in fields]
        else:
            rows = display_rows(resident, policy, fields)
        result.append({"title": str(title), "rows": rows})
    return result


def form_print(
    *, kind: str, actor, policy: FieldPolicy, resident: Resident | None = None
) -> tuple[FormPrint, bytes]:
    """Record and render one printed form; a print that fails to render leaves no record."""
    require_perm(actor, PRINT_PERMISSION)
    kind = FormKind(kind)
    sections = _sections(resident, policy, kind)
    with transaction.atomic():
        record = print_record_create(
            model=FormPrint,
            fields={
                "kind": kind, "resident": resident, "printed_by": actor,
                "content_hash": content_hash(
                    {"kind": kind, "resident": resident.pk if resident else None,
                     "sections": sections}
                ),
            },
        )
        pdf = render_pdf(
            template=TEMPLATE,
            context={
                "kind": kind, "title": kind.label, "resident": resident, "slip": record,
                "sections": sections, "documents": IdentityDocument.choices,
                "printed_at": timezone.localtime(record.printed_at),
                "declaration_days": settings.CHANGE_DECLARATION_DAYS,
            },
        )
    return record, pdf


def form_filename(record: FormPrint) -> str:
    # The kind and the code only: a filename must not carry a name.
    return f"{record.kind}-{record.verification_code}.pdf"


def form_print_lookup(code: str) -> VerifiedPrint | None:
    record = FormPrint.objects.select_related("resident").filter(verification_code=code).first()
    if record is None:
        return None
    resident = record.resident
    return VerifiedPrint(
        kind=str(record.get_kind_display()),
        number=(resident.archive_number or "—") if resident else "—",
        printed_on=timezone.localdate(record.printed_at),
        masked_name=mask_name(resident.name) if resident else "—",
    )
