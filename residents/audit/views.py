"""The audit trail pages (ACC-4) for users with auditlog.view_logentry: list, filter, export."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from import_export.formats.base_formats import CSV, XLSX

from config.database_replica import reading_from_replica
from residents.audit.log import record_export
from residents.audit.purposes import ReadPurpose
from residents.audit.resources import AuditTrailResource
from residents.audit.trail import (
    ACTION_CHOICES,
    audit_entries,
    display_entries,
    may_read_trail,
    resident_pk_for_archive_number,
)
from residents.common.forms import ProjectForm
from residents.people.forms import DATE_WIDGET
from residents.people.selectors import ARCHIVE_NUMBER_RE

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50_000
EXPORT_PURPOSE = ReadPurpose.AUDIT_TRAIL_EXPORT
EXPORT_FORMATS = {
    "csv": (CSV, "text/csv; charset=utf-8"),
    "xlsx": (XLSX, XLSX.CONTENT_TYPE),
}
RECORD_NUMBER_RE = re.compile(r"^#?\s*(\d{1,18})$")
FILTER_FIELDS = ("resident", "user", "action", "date_from", "date_to")


class AuditFilterForm(ProjectForm):
    resident = forms.CharField(
        label=gettext_lazy("Resident"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Archive number (e.g. JM-2026-000123) or record number (e.g. #123)"),
    )
    user = forms.CharField(label=gettext_lazy("Staff username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All"))] + ACTION_CHOICES,
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE_WIDGET)

    def clean_resident(self) -> int | None:
        value = self.cleaned_data["resident"].strip()
        if not value:
            return None
        record = RECORD_NUMBER_RE.match(value)
        if record:
            return int(record.group(1))
        if ARCHIVE_NUMBER_RE.match(value):
            pk = resident_pk_for_archive_number(value)
            if pk is None:
                raise forms.ValidationError(_("No resident has this archive number."))
            return pk
        raise forms.ValidationError(
            _("Enter an archive number such as JM-2026-000123 or a record number such as #123.")
        )

    def clean_user(self) -> int | None:
        username = self.cleaned_data["user"].strip()
        if not username:
            return None
        pk = (
            get_user_model()
            .objects.filter(username=username)
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            raise forms.ValidationError(_("No staff member has this username."))
        return pk

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The selector's filters (after is_valid())."""
        data = self.cleaned_data
        return {
            "resident": data.get("resident"),
            "actor": data.get("user"),
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def filters_as_typed(self) -> dict:
        """The filters as the user typed them (for the export's own log entry and for links)."""
        return {
            name: self.data.get(name, "").strip()
            for name in FILTER_FIELDS
            if self.data.get(name, "").strip()
        }


def _require_trail_access(user) -> None:
    if not may_read_trail(user):
        raise PermissionDenied


@require_GET
def audit_trail(request):
    # The permission on the primary: a withdrawn permission takes effect at once.
    _require_trail_access(request.user)
    with reading_from_replica():
        return _audit_trail_page(request)


def _audit_trail_page(request):
    form = AuditFilterForm(request.GET)
    page = None
    rows = []
    if form.is_valid():
        entries = audit_entries(request.user, filters=form.filters())
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = display_entries(page.object_list, viewer=request.user)
    return render(
        request,
        "residents/audit_trail.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "rows_html": _trail_body(rows),
            "export_query": urlencode(form.filters_as_typed()),
            "max_rows": EXPORT_MAX_ROWS,
        },
    )


def _trail_body(rows) -> str:
    """The trail's table rows as HTML, built here rather than by the template engine, which
    spends longer on a page of entries than the query that finds them. Every value is
    escaped."""
    esc = conditional_escape  # as the template's autoescaping
    field_groups, purpose = esc(_("Field groups")), esc(_("Purpose"))
    cells = []
    for row in rows:
        actor = esc(row.actor_role)
        if row.staff_number:
            actor = (
                f'{actor} <span class="mono">{esc(row.staff_number)}</span><br>'
                f'<span class="muted mono">{esc(row.username)}</span>'
            )
        if row.is_write:
            details = (
                '<ul class="changes">' + "".join(
                    f"<li>{esc(label)}: {esc(Truncator(old).chars(80))} → "
                    f"{esc(Truncator(new).chars(80))}</li>"
                    for label, old, new in row.changes
                ) + "</ul>"
                if row.changes else "—"
            )
        else:
            details = "".join((
                f"<div>{field_groups}: {esc(row.field_groups)}</div>"
                if row.field_groups else "",
                f"<div>{purpose}: {esc(Truncator(row.purpose).chars(200))}</div>"
                if row.purpose else "",
            )) or "—"
        cells.append(
            f'\n    <tr>\n      <td class="mono">{row.time:%Y-%m-%d %H:%M:%S}</td>\n'
            f"      <td>{actor}</td>\n"
            f'      <td class="mono">{esc(row.remote_addr or "—")}</td>\n'
            f"      <td>{esc(row.action)}</td>\n      <td>{esc(row.object)}</td>\n"
            f"      <td>{details}</td>\n    </tr>"
        )
    return mark_safe("".join(cells))  # noqa: S308 - every value went through conditional_escape


def _back_to_trail(form: AuditFilterForm):
    query = urlencode(form.filters_as_typed())
    return redirect(reverse("audit:trail") + (f"?{query}" if query else ""))


@require_GET
def audit_export(request):
    """The filtered trail as CSV or XLSX, at most EXPORT_MAX_ROWS rows; the export is logged
    (on the primary, as every write is, although the rows are read from the replica)."""
    _require_trail_access(request.user)
    with reading_from_replica():
        return _audit_export_file(request)


def _audit_export_file(request):
    form = AuditFilterForm(request.GET)
    file_format = request.GET.get("format", "")
    if file_format not in EXPORT_FORMATS:
        messages.error(request, _("Choose CSV or Excel (XLSX) for the export."))
        return _back_to_trail(form)
    if not form.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return _back_to_trail(form)
    entries = audit_entries(request.user, filters=form.filters())
    count = entries.count()
    if count > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _(
                "The selection holds %(count)s entries; an export may hold at most %(max)s. "
                "Narrow the filters, for example the date range, and export again."
            )
            % {"count": count, "max": EXPORT_MAX_ROWS},
        )
        return _back_to_trail(form)
    dataset = AuditTrailResource().export(queryset=entries[:EXPORT_MAX_ROWS])
    format_class, content_type = EXPORT_FORMATS[file_format]
    content = format_class().export_data(dataset)
    if isinstance(content, str):
        content = "\ufeff" + content  # BOM: spreadsheet programs then read the CSV as UTF-8
    record_export(
        actor=request.user,
        model=LogEntry,
        description="Audit trail export",
        request=request,
        extra={
            "purpose": EXPORT_PURPOSE,
            "filters": form.filters_as_typed(),
            "rows": len(dataset),
            "format": file_format,
        },
    )
    day = timezone.localdate(timezone=timezone.get_default_timezone())
    response = HttpResponse(content, content_type=content_type)
    filename = f"audit-trail-{day:%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
