"""Helpers the reporters' views share."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_download(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
