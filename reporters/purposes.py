"""Why a reporters page read resident data (registered with the audit trail at start-up)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReporterPurpose(models.TextChoices):
    REPORT_DETAIL = "report_detail", _("Information report naming residents")
    REPORT_LINK = "report_link", _("Naming a resident in an information report")
    REPORTER_FILES = "reporter_files", _("Files of information reporters")
    REPORT_DISCLOSURE = "report_disclosure", _("Approved external disclosure of reports")
