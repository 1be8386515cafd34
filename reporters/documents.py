"""Reporters' files through the product's one document store: a refusal names the form field."""

from __future__ import annotations

from residents.common.errors import ActionRefused
from residents.documents.responses import document_response
from residents.documents.services import document_read, document_store
from residents.models import Document

IMAGES = ("jpeg", "png")
IMAGES_AND_PDF = ("pdf", "jpeg", "png")


def store(*, data: bytes, kind: str, uploaded_by, allowed, field: str) -> Document:
    try:
        return document_store(data=data, kind=kind, uploaded_by=uploaded_by, allowed=allowed)
    except ActionRefused as refused:
        raise ActionRefused(refused.message, field=field) from refused


def data_uri(*, user, document: Document | None, purpose: str) -> str:
    """A stored image as a data: URI for a printed document ("" when none or unreadable)."""
    import base64

    if document is None:
        return ""
    try:
        data = document_read(user=user, document=document, purpose=purpose)
    except ActionRefused:
        return ""
    return f"data:{document.content_type};base64,{base64.b64encode(data).decode()}"


def serve(request, document: Document, *, purpose: str):
    """The file as a download, or the damaged-file page (409), never its bytes."""
    return document_response(request, document, purpose=purpose)
