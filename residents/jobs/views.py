"""The background jobs page: the system administrator's view of the job queue (DAT-4)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.redirects import next_url
from residents.jobs import selectors, services
from residents.models import JobStatus

PAGE_SIZE = 50


@require_GET
def job_list(request):
    require_perm(request.user, services.VIEW_PERMISSION)
    status = request.GET.get("status", "")
    page = Paginator(selectors.jobs(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.job_rows(
        page.object_list, may_retry=request.user.has_perm(services.RETRY_PERMISSION)
    )
    return render(
        request,
        "residents/jobs/job_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": JobStatus.choices,
            "worker_heartbeat": selectors.last_worker_heartbeat(),
        },
    )


@require_POST
def job_retry(request, job_pk: int):
    require_perm(request.user, services.RETRY_PERMISSION)
    try:
        retry = services.job_retry(job_id=job_pk, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Job %(id)s is queued again.") % {"id": retry.job_id})
    return redirect(next_url(request, reverse("jobs:list")))
