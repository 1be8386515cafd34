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

CASES: dict[str, Case] = {
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


def build(world: World) -> None:
    """A passport of the world's resident with a scan in the document store."""
    scan = document_store(
        data=SCAN_PDF, kind=DocumentKind.ID_SCAN, uploaded_by=world.users["front_desk"],
        resident=world.resident, field_groups=("sensitive",),
    )
    world.extra["id_document"] = ResidentDocument.objects.create(
        resident=world.resident, document_type="passport", number="E12345678", scan=scan,
    )
