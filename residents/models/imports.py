"""Resident imports from files shared by police, civil affairs and social security (DAT-1, REG-6).

A profile maps a source's column headings to resident fields; managers keep it. A batch is one
uploaded file: its SHA-256 (one import per file), the dry run's outcome for every row, and the
progress of the import the uploader confirmed. New people become submitted registrations of
channel "import"; differences on existing residents become change notices (UPD-5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportSource(models.TextChoices):
    POLICE = "police", _("Public security (police)")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    SOCIAL_SECURITY = "social_security", _("Human resources and social security")


class ImportProfile(models.Model):
    """The column headings of one source's files: resident field → heading in the file."""

    source = models.CharField(
        _("source"), max_length=20, choices=ImportSource.choices, unique=True
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("import profile")
        verbose_name_plural = _("import profiles")
        ordering = ["source"]
        # Managers edit the mappings; everybody who imports reads them on the upload form.
        default_permissions = ("change",)

    def __str__(self) -> str:
        return str(self.get_source_display())


class ImportStatus(models.TextChoices):
    CHECKING = "checking", pgettext_lazy("import status", "Dry run in progress")
    REFUSED = "refused", pgettext_lazy("import status", "File refused")
    CHECKED = "checked", pgettext_lazy("import status", "Dry run done")
    QUEUED = "queued", pgettext_lazy("import status", "Import queued")
    IMPORTING = "importing", pgettext_lazy("import status", "Importing")
    DONE = "done", pgettext_lazy("import status", "Imported")
    FAILED = "failed", pgettext_lazy("import status", "Failed")


# Batches of these statuses do not hold their file's hash: the same file may be sent again.
RETRYABLE_STATUSES = (ImportStatus.REFUSED, ImportStatus.FAILED)


class ImportBatch(models.Model):
    source = models.CharField(_("source"), max_length=20, choices=ImportSource.choices)
    # The mapping as used for this file (the profile may change later).
    columns = models.JSONField(_("columns"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_kind = models.CharField(_("file type"), max_length=4)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    # The file itself until the import is over (the dry run may be a job too).
    data = models.BinaryField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    message = models.TextField(_("message"), blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    checked_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    done_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    new_rows = models.PositiveIntegerField(_("new registrations"), default=0)
    change_rows = models.PositiveIntegerField(_("changes"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("errors"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-pk"]
        default_permissions = ()
        permissions = [("run_import", _("Can import residents from shared files"))]
        constraints = [
            # One import per file: a second upload of the same bytes is refused.
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(status__in=["refused", "failed"]),
                name="import_batch_one_per_file",
            ),
        ]

    def __str__(self) -> str:
        return f"ImportBatch #{self.pk}"

    @property
    def importable(self) -> int:
        return self.new_rows + self.change_rows

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.IMPORTING)


class RowOutcome(models.TextChoices):
    NEW = "new", _("New registration")
    CHANGE = "change", _("Change to an existing resident")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")


class ImportRow(models.Model):
    """One data row of an imported file and what the dry run (and the import) made of it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("line"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=RowOutcome.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    # The registration's values (field → text) of a new or changed row.
    values = models.JSONField(default=dict)
    # The fields whose value in the file differs from the record (change rows).
    changed_fields = models.JSONField(default=list)
    message = models.TextField(_("reason"), blank=True)
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The change notice opened for a change row.
    case_number = models.CharField(_("case number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "line"]
        default_permissions = ()
        indexes = [models.Index(fields=["batch", "outcome", "line"], name="import_row_outcome")]

    def __str__(self) -> str:
        return f"ImportRow #{self.pk}"
