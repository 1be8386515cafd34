"""The fields a change request (UPD-1) changes: the value when opened and the value proposed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class ChangeItem(models.Model):
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="change_items",
        verbose_name=_("case"),
    )
    # Repeated from the case so the database can hold one open request per resident and field.
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("resident"),
    )
    field_name = models.CharField(_("field"), max_length=50)
    old_value = models.TextField(_("value when opened"), blank=True)
    new_value = models.TextField(_("proposed value"), blank=True)
    # Cleared when the case is finished (applied, rejected or withdrawn).
    is_open = models.BooleanField(_("open"), default=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("changed field")
        verbose_name_plural = _("changed fields")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "field_name"], condition=Q(is_open=True),
                name="casework_one_open_change_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"Change item #{self.pk} {self.field_name}"


class ChangeDeclaration(models.Model):
    """When the declared change happened and whether it was declared late (REG-10).

    Residents declare a change within CHANGE_DECLARATION_DAYS days; the limit in force when the
    request was opened is kept with it, so a later change of the setting rewrites no history.
    """

    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, related_name="change_declaration",
        verbose_name=_("case"),
    )
    happened_on = models.DateField(_("the change happened on"))
    declared_on = models.DateField(_("declared on"))
    limit_days = models.PositiveSmallIntegerField(_("declaration limit in days"))
    is_late = models.BooleanField(_("declared late"), default=False, db_index=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("change declaration")
        verbose_name_plural = _("change declarations")

    def __str__(self) -> str:
        return f"Change declaration #{self.pk}"

    @property
    def days_after(self) -> int:
        return (self.declared_on - self.happened_on).days
