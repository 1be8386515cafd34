"""How many times each client address has submitted each public form lately (ACC-13).

One row per form and address: the count of submissions since its window began. Kept in the
database so that every server process counts the same submissions; the address is kept only
as a keyed hash, since the count needs no more than to tell addresses apart.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionCount(models.Model):
    form = models.CharField(_("form"), max_length=50)
    client = models.CharField(_("client address (keyed hash)"), max_length=64)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    count = models.PositiveIntegerField(_("submissions"), default=0)

    class Meta:
        verbose_name = _("public form submission count")
        verbose_name_plural = _("public form submission counts")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "client"], name="submissioncount_one_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.count}"
