"""Resident imports (DAT-1): upload with a dry run, the rows' outcomes, confirm, progress;
the column mappings of the sources (managers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from residents.access.masking import mask_id_number
from residents.audit.context import client_address
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.imports import selectors, services
from residents.imports.files import check_size
from residents.imports.forms import ProfileForm, UploadForm
from residents.imports.rows import field_label
from residents.models import ImportProfile, ImportSource, Resident, RowOutcome

# Seconds between reloads of the page while a dry run or an import runs.
REFRESH_SECONDS = 3
ROWS_PER_PAGE = 200


@require_http_methods(["GET", "POST"])
def import_list(request):
    require_perm(request.user, services.PERMISSION)
    form = UploadForm(request.POST or None, request.FILES or None)
    first_import = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Refused before reading it when the size alone refuses it.
            check_size(upload.size)
            batch = services.import_upload(
                actor=request.user, profile=form.cleaned_data["profile"], data=upload.read(),
                remote_addr=client_address(request),
            )
        except services.DuplicateFile as refusal:
            add_refusal(form, refusal)
            first_import = refusal.first_pk
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            return redirect("imports:detail", pk=batch.pk)
    return render(
        request,
        "residents/imports/import_list.html",
        {
            "form": form,
            "first_import": first_import,
            "batches": selectors.batches_of(request.user)[:50],
            "has_profiles": ImportProfile.objects.exists(),
            "can_edit_profiles": request.user.has_perm(services.PROFILE_PERMISSION),
        },
    )


@require_http_methods(["GET"])
def import_detail(request, pk: int):
    require_perm(request.user, services.PERMISSION)
    batch = selectors.batch_for_user(request.user, pk)
    outcome = request.GET.get("outcome", "")
    if outcome not in RowOutcome.values:
        outcome = ""
    page = Paginator(selectors.batch_rows(batch, outcome), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = []
    for row in page.object_list:
        rows.append({
            "row": row,
            # The file's own number in full where it is the problem; else the area code only.
            "id_number": row.id_number if row.outcome == RowOutcome.ERROR
            else mask_id_number(row.id_number),
            "fields": "、".join(field_label(name) for name in row.changed_fields),
        })
    shown = sorted({row.resident_id for row in page.object_list if row.resident_id})
    if shown:
        # The page tells which ID numbers of the file are registered, and links them.
        record_reads(
            actor=request.user, residents=[Resident(pk=pk) for pk in shown], field_groups=[],
            purpose=ReadPurpose.IMPORT_CHECK, request=request, extra={"import_batch": batch.pk},
        )
    return render(
        request,
        "residents/imports/import_detail.html",
        {
            "batch": batch,
            "rows": rows,
            "page": page,
            "outcome": outcome,
            "outcomes": RowOutcome.choices,
            "refresh_seconds": REFRESH_SECONDS if batch.running else None,
        },
    )


@require_POST
def import_confirm(request, pk: int):
    require_perm(request.user, services.PERMISSION)
    batch = selectors.batch_for_user(request.user, pk)
    try:
        services.import_confirm(actor=request.user, batch=batch)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("imports:detail", pk=batch.pk)


@require_http_methods(["GET"])
def profile_list(request):
    require_perm(request.user, services.PROFILE_PERMISSION)
    profiles = {profile.source: profile for profile in ImportProfile.objects.all()}
    sources = [
        {"source": value, "label": label, "profile": profiles.get(value),
         "columns": [
             (field_label(name), heading)
             for name, heading in (profiles[value].columns.items() if value in profiles else [])
         ]}
        for value, label in ImportSource.choices
    ]
    return render(request, "residents/imports/profile_list.html", {"sources": sources})


@require_http_methods(["GET", "POST"])
def profile_edit(request, source: str):
    require_perm(request.user, services.PROFILE_PERMISSION)
    if source not in ImportSource.values:
        raise Http404
    profile = ImportProfile.objects.filter(source=source).first()
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_profile_save(
                actor=request.user, source=source, columns=form.columns()
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            return redirect("imports:profiles")
    return render(
        request,
        "residents/imports/profile_edit.html",
        {"form": form, "source_label": ImportSource(source).label},
    )
