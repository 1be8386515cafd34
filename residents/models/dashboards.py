"""Dashboard figures kept between page views (SUP-4): one row per panel and period.

A panel's figures are counted in SQL and stored here with the time they were counted; the
dashboard shows a stored row while it is younger than DASHBOARD_MAX_AGE_SECONDS and counts
afresh otherwise (the refresh job keeps the current periods fresh). Rows hold counts only,
never anything about a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardFigure(models.Model):
    panel = models.CharField(_("panel"), max_length=50)
    period = models.CharField(_("period"), max_length=10)
    starts_on = models.DateField(_("period starts on"))
    figures = models.JSONField(_("figures"))
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")
        default_permissions = ()
        permissions = [("view_dashboard", _("Can read the dashboards"))]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "period", "starts_on"], name="dashboard_figure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.period} {self.starts_on}"
