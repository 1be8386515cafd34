"""Access matrix cases of registration: identity document scans, the household registration
history, the printable forms and the public slip verification page.

A scan opens only to those who see comprehensive information (managers); the front desk sees
the resident but not the scan (403). Moves are recorded by staff who register residents.
"""

from __future__ import annotations

from django.urls import reverse

from residents.documents.services import document_store
from residents.models import DocumentKind, ResidentDocument
from tests.access_matrix.cases.common import (
    FORBIDDEN,
    FOUND,
    OK,
    RESIDENT_HIDDEN,
    Case,
    World,
    _statuses,
)

SCAN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENSITIVE_ONLY = _statuses(
    FORBIDDEN, manager=OK, designated_manager=OK, **RESIDENT_HIDDEN
)
REGISTRARS = _statuses(
    FORBIDDEN, front_desk=OK, manager=OK, designated_manager=OK, **RESIDENT_HIDDEN
)

PRINTERS = dict(front_desk=OK, manager=OK, designated_manager=OK)
PUBLIC = _statuses(OK, anonymous=OK)

CASES: dict[str, Case] = {
    # Printing forms: whoever prints slips; a pre-filled one only of a resident they see.
    "residents:form_blank": Case(
        "post", lambda w: reverse("residents:form_blank", args=["registration_form"]),
        _statuses(FORBIDDEN, **PRINTERS),
    ),
    "residents:form_prefilled": Case(
        "post", lambda w: reverse("residents:form_prefilled", args=[w.resident.pk, "query_form"]),
        _statuses(FORBIDDEN, **PRINTERS, **RESIDENT_HIDDEN),
    ),
    # The public verification page: anyone, signed in or not; it shows a masked name only.
    "verify": Case("get", lambda w: reverse("verify", args=[w.slip.verification_code]), PUBLIC),
    "verify_lookup": Case(
        "get", lambda w: reverse("verify_lookup") + "?code=" + w.slip.verification_code,
        _statuses(FOUND, anonymous=FOUND),
    ),
    "residents:id_scan": Case(
        "get", lambda w: reverse("residents:id_scan", args=[w.extra["id_document"].pk]),
        SENSITIVE_ONLY,
    ),
    "residents:hukou_move_create": Case(
        "get", lambda w: reverse("residents:hukou_move_create", args=[w.resident.pk]),
        REGISTRARS,
    ),
}

# The scan read is recorded by the document store (a front-desk request is refused first).
AUDITED_READS = {"residents:form_prefilled": "read"}


def build(world: World) -> None:
    """A passport of the world's resident with a scan in the document store."""
    scan = document_store(
        data=SCAN_PDF, kind=DocumentKind.ID_SCAN, uploaded_by=world.users["front_desk"],
        resident=world.resident, field_groups=("sensitive",),
    )
    world.extra["id_document"] = ResidentDocument.objects.create(
        resident=world.resident, document_type="passport", number="E12345678", scan=scan,
    )
