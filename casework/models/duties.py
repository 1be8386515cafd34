"""Windows and division of duties (AFF-7) and the people of the review chain (AFF-3).

Managers keep the business departments (whose members give the initial review of the items
named to them), the review duties (supervisors and business heads give second reviews; the
community head and the persons authorised by them give final approval) and the service
windows (which catalogue items each offers, and the staff on duty there).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class Department(models.Model):
    name = models.CharField(_("department"), max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="business_departments", blank=True,
        verbose_name=_("members"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("business department")
        verbose_name_plural = _("business departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReviewDutyKind(models.TextChoices):
    SECOND_REVIEW = "second_review", _("Second review (supervisor or business head)")
    FINAL_APPROVAL = "final_approval", _(
        "Final approval (community head or authorised person)"
    )


class ReviewDuty(models.Model):
    """One person's standing duty in the review chain, given by a manager."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_duties",
        verbose_name=_("staff member"),
    )
    duty = models.CharField(_("duty"), max_length=20, choices=ReviewDutyKind.choices)
    title = models.CharField(
        _("title"), max_length=100,
        help_text=_("e.g. 分管副主任, 社区主任, or the authorisation it rests on."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("review duty")
        verbose_name_plural = _("review duties")
        ordering = ["duty", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "duty"], name="casework_duty_user_once")
        ]

    def __str__(self) -> str:
        return f"Review duty #{self.pk} {self.duty}"


class ServiceWindow(models.Model):
    name = models.CharField(_("window"), max_length=100, unique=True)
    items = models.ManyToManyField(
        "casework.AffairItem", related_name="windows", blank=True,
        verbose_name=_("affairs handled"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="service_windows", blank=True,
        verbose_name=_("staff on duty"),
    )
    is_active = models.BooleanField(_("open"), default=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service window")
        verbose_name_plural = _("service windows")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
