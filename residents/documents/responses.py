"""Serving a document from the store; the owning subject's view decides who gets here (a
plain module, not views.py, so that every subject may use it)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from residents.common.errors import ActionRefused
from residents.documents.services import document_read
from residents.models import Document


def document_response(request, document: Document, *, purpose: str) -> HttpResponse:
    """The file as a download, or a page saying it is damaged (status 409), never its bytes."""
    try:
        data = document_read(user=request.user, document=document, purpose=purpose,
                             request=request)
    except ActionRefused as refusal:
        return render(
            request, "residents/documents/damaged.html", {"message": refusal.message},
            status=409,
        )
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.kind}-{document.pk}.{document.extension}"'
    )
    return response
