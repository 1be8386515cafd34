"""Staff accounts: the history of each account's passwords (ACC-5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordHistory(models.Model):
    """A password an account had: its hash only, and when it was set.

    The newest row tells when the current password was set (expiry); the last few rows are
    what a new password may not repeat. Older rows are deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_history",
        verbose_name=_("user"),
    )
    password_hash = models.CharField(_("password hash"), max_length=256)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        indexes = [models.Index(fields=["user", "-changed_at"], name="password_history_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"
