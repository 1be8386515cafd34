"""Why archive pages read residents' data (labels in the audit trail)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchivePurpose(models.TextChoices):
    PERSONAL_ARCHIVE = "personal_archive", _("Personal archive page")
    ARCHIVE_VIEWING = "archive_viewing", _("Supervised archive viewing")
    VOLUME_INDEX = "volume_index", _("Volume index")
