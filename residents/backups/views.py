"""The backups page (ACC-6): the system administrator's list of backup files and their checks."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from residents.backups import selectors, services
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm


@require_GET
def backup_list(request):
    require_perm(request.user, services.VIEW_PERMISSION)
    return render(
        request,
        "residents/backups/backup_list.html",
        {
            "rows": selectors.backup_rows(),
            "may_verify": request.user.has_perm(services.VERIFY_PERMISSION),
        },
    )


@require_POST
def backup_verify(request):
    require_perm(request.user, services.VERIFY_PERMISSION)
    try:
        check = services.backup_verify(file_name=request.POST.get("file", ""), actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if check.verified:
            messages.success(
                request, _("%(file)s is verified: the key fits and every hash matches.")
                % {"file": check.file_name},
            )
        else:
            messages.error(
                request, _("%(file)s failed verification: %(reason)s")
                % {"file": check.file_name, "reason": check.reason},
            )
    return redirect(reverse("backups:list"))
