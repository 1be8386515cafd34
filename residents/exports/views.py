"""Export buttons of the lists (one view for every registered list), and the page of an export
built in the background."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.common.errors import ActionRefused
from residents.exports import services


def _file_response(content: bytes, file_format: str, stem: str) -> HttpResponse:
    _format_class, content_type = services.FORMATS[file_format]
    day = timezone.localdate(timezone=timezone.get_default_timezone())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day:%Y%m%d}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def list_export(request, list_name: str):
    """The list with its filters and search, as the user sees it, in CSV or XLSX."""
    definition = services.definition_for(list_name)
    services.require_export(request.user, definition)
    filters = services.clean_filters(request.POST, definition.filter_names)
    file_format = request.POST.get("format", "")
    if file_format not in services.FORMATS:
        messages.error(request, _("Choose CSV or Excel (XLSX) for the export."))
        return redirect(definition.back_url(filters))
    if services.count_selected(request.user, definition, filters) > services.sync_max_rows():
        export = services.export_queue(
            actor=request.user, definition=definition, filters=filters, file_format=file_format
        )
        messages.success(
            request,
            _("The list is long: the file is being prepared. This page shows when it is ready."),
        )
        return redirect("exports:detail", pk=export.pk)
    built = services.build_file(request.user, definition, filters, file_format)
    services.record_list_export(
        actor=request.user, definition=definition, filters=filters, built=built,
        file_format=file_format, request=request,
    )
    return _file_response(built.content, file_format, definition.file_stem)


@require_GET
def export_detail(request, pk: int):
    services.require_some_export(request.user)
    export = services.export_for_requester(request.user, pk)
    if export is None:
        raise Http404
    definition = services.definition_for(export.list_name)
    services.require_export(request.user, definition)
    return render(
        request, "residents/exports/export_detail.html",
        {
            "export": export, "hours": services.file_hours(), "list_title": definition.title,
            "back_url": definition.back_url({}),
        },
    )


@require_POST
def export_download(request, pk: int):
    try:
        export = services.export_download(actor=request.user, export_id=pk)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("exports:detail", pk=pk)
    stem = services.definition_for(export.list_name).file_stem
    return _file_response(export.content, export.file_format, stem)
