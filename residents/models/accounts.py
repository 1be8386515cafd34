"""Staff accounts (ACC-5, ACC-7): the history of each account's passwords, and role assignments
and password resets that take effect only on a security administrator's approval (a system
administrator asks, a security administrator decides)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class AccountChangeKind(models.TextChoices):
    ADD_ROLE = "add_role", _("Give a role")
    REMOVE_ROLE = "remove_role", _("Take a role away")
    RESET_PASSWORD = "reset_password", _("Reset the password")


class AccountChangeStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccountChange(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT,
        related_name="account_changes",
    )
    kind = models.CharField(_("change"), max_length=20, choices=AccountChangeKind.choices)
    role = models.CharField(_("role"), max_length=50, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccountChangeStatus.choices,
        default=AccountChangeStatus.REQUESTED, db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("approve_accountchange", _("Can approve role assignments and password resets")),
        ]
        constraints = [
            # One open request per account, change and role: a second click asks nothing new.
            models.UniqueConstraint(
                fields=["user", "kind", "role"],
                condition=Q(status="requested"),
                name="accountchange_one_open_per_user_kind_role",
            ),
        ]

    def __str__(self) -> str:
        return f"Account change #{self.pk}"


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
