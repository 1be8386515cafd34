"""The QR code of a printed document's public verification page (REG-11), for PDF templates."""

from __future__ import annotations

from django import template

from residents.common import pdf
from residents.common.pdf import verification_qr_svg, verification_url

register = template.Library()


@register.filter
def verification_qr(code: str):
    return verification_qr_svg(code) if code else ""


@register.filter
def verification_qr_image(code: str):
    return pdf.verification_qr_image(code) if code else ""


@register.filter
def verification_link(code: str) -> str:
    return verification_url(code) if code else ""
