"""Periodic checks of the reporters' devices and storage media (REP-13): date, device, result
and the action taken."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from reporters.models import CheckResult, DeviceCheck, ReporterProfile
from residents.common.errors import ActionRefused
from residents.common.permissions import require_perm
from residents.common.validation import refuse_future


def device_check_record(
    *, actor: User, reporter: User, checked_on: datetime.date, device_kind: str, device: str,
    result: str, findings: str, action: str,
) -> DeviceCheck:
    require_perm(actor, "reporters.manage_reporters")
    refuse_future(checked_on, field="checked_on")
    if not ReporterProfile.objects.filter(user=reporter).exists():
        raise ActionRefused(_("Choose a registered reporter."), field="reporter")
    if result == CheckResult.PROBLEM and not (findings.strip() and action.strip()):
        field = "findings" if not findings.strip() else "action"
        raise ActionRefused(_("Say what was found and what was done about it."), field=field)
    return DeviceCheck.objects.create(
        reporter=reporter, checked_on=checked_on, device_kind=device_kind, device=device,
        result=result, findings=findings, action=action, checked_by=actor,
    )
