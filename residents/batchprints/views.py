"""Batch prints of confirmation slips: asked for on the resident list, followed on their own
page, downloaded by the requester."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.access.policy import policies_for
from residents.audit.context import client_address
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose
from residents.batchprints import selectors, services
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.models import BatchPrintStatus, Resident
from residents.people.filters import residents_matching

# Seconds between reloads of the progress page while the batch is printed.
REFRESH_SECONDS = 3


def _selected_ids(request) -> list[int]:
    if request.POST.get("scope") == "filter":
        # One more than allowed is enough to refuse a selection that is too large.
        limit = settings.BATCH_PRINT_MAX_RESIDENTS + 1
        matching = residents_matching(request.user, request.POST)
        return list(matching.values_list("pk", flat=True)[:limit])
    ids = []
    for value in request.POST.getlist("resident"):
        if value.isascii() and value.isdigit() and len(value) <= 18:
            ids.append(int(value))
    return ids


@require_POST
def batch_print_create(request):
    require_perm(request.user, services.PERMISSION)
    try:
        batch = services.batch_print_request(
            actor=request.user, resident_ids=_selected_ids(request),
            remote_addr=client_address(request),
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("residents:list")
    return redirect("residents:batch_print_detail", pk=batch.pk)


@require_GET
def batch_print_detail(request, pk: int):
    require_perm(request.user, services.PERMISSION)
    batch = selectors.batch_for_user(request.user, pk)
    return render(
        request,
        "residents/batchprints/batch_print_detail.html",
        {
            "batch": batch,
            "printed": len(batch.slip_ids),
            "has_pdf": selectors.has_pdf(batch),
            "keep_hours": services.keep_hours(),
            "skipped": selectors.skipped_rows(request.user, batch),
            "refresh_seconds": None if batch.finished else REFRESH_SECONDS,
        },
    )


@require_GET
def batch_print_pdf(request, pk: int):
    require_perm(request.user, services.PERMISSION)
    batch = selectors.batch_for_user(request.user, pk)
    if batch.status != BatchPrintStatus.DONE or not batch.slip_ids:
        raise Http404
    residents = list(Resident.objects.filter(slips__pk__in=batch.slip_ids).distinct())
    # Each slip shows the fields the requester may see of that resident: the reads are
    # recorded grouped by what was shown.
    policies = policies_for(request.user, residents)
    by_groups: dict[tuple[str, ...], list[Resident]] = {}
    for resident in residents:
        groups = tuple(sorted(str(group) for group in policies[resident.pk].shown_groups()))
        by_groups.setdefault(groups, []).append(resident)
    for groups, shown in by_groups.items():
        record_reads(
            actor=request.user, residents=shown, field_groups=groups,
            purpose=ReadPurpose.REGISTRATION_SLIP, request=request,
            extra={"batch_print": batch.pk},
        )
    pdf = type(batch).objects.values_list("pdf", flat=True).get(pk=batch.pk)
    if pdf is None:
        messages.error(
            request,
            _("The PDF of this batch was deleted %(hours)s hours after printing. Print the "
              "slips again from the resident list.") % {"hours": services.keep_hours()},
        )
        return redirect("residents:batch_print_detail", pk=batch.pk)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    # The batch number only: a filename must not carry a name or an ID number.
    response["Content-Disposition"] = f'attachment; filename="slips-batch-{batch.pk}.pdf"'
    return response
