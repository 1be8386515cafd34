"""Stored files (REG-2, ARC-7): identity-document scans, signed slips, case materials, report
attachments, seals — one store for the whole product.

The bytes are stored once per SHA-256 under MEDIA_ROOT (outside `static/`); each row is one use
of them (who uploaded it, for which resident, which field groups a viewer needs to open it).
The uploaded file name is never kept: it may hold a person's name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ID_SCAN = "id_scan", _("Identity document scan")
    SIGNED_SLIP = "signed_slip", _("Signed slip")
    CASE_MATERIAL = "case_material", _("Case material")
    REPORT_ATTACHMENT = "report_attachment", _("Report attachment")
    AGREEMENT = "agreement", _("Signed agreement")
    SEAL = "seal", _("Seal image")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")


class Document(models.Model):
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("resident"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="documents",
    )
    # Opening needs every one of these field groups in the viewer's policy for the resident.
    field_groups = ArrayField(
        models.CharField(max_length=30), verbose_name=_("field groups"), default=list, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # Each owning subject decides who opens its documents; no generic permissions.
        default_permissions = ()
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Document #{self.pk}"

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )

    @property
    def storage_name(self) -> str:
        return f"documents/{self.sha256[:2]}/{self.sha256}.{self.extension}"
