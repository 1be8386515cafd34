"""Policies and regulations (PUB-1, PUB-2): kept by managers, read by anyone on the public page.

A policy is its text, an attached PDF from the document store, or both. Withdrawn policies leave
the public page but stay on record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(withdrawn_at__isnull=True)


class Policy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    text = models.TextField(_("text"), blank=True)
    document = models.ForeignKey(
        "residents.Document", verbose_name=_("attached PDF"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy or regulation")
        verbose_name_plural = _("policies and regulations")
        ordering = ["-issued_on", "-pk"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return self.title
