"""Pages of the device and storage-media checks: the list and recording a check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporters.devices import selectors, services
from reporters.devices.forms import DeviceCheckForm
from reporters.profiles.selectors import is_reporter_staff
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm


def device_list(request):
    user = request.user
    if not (user.has_perm("reporters.file_report") or is_reporter_staff(user)):
        raise PermissionDenied
    return render(request, "reporters/device_list.html",
                  {"checks": selectors.checks_for(user)[:200]})


@require_http_methods(["GET", "POST"])
def device_new(request):
    require_perm(request.user, "reporters.manage_reporters")
    form = DeviceCheckForm(request.POST if request.method == "POST" else None,
                           initial={"reporter": request.GET.get("reporter")})
    if form.is_bound and form.is_valid():
        try:
            services.device_check_record(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The device check is recorded."))
            return redirect("reporters:device_list")
    return render(request, "reporters/device_new.html", {"form": form})
