"""Emergency reports as each user may see them: staff who take calls see all, a reporter
their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporters.models import EmergencyCall


def emergencies_for(user) -> QuerySet[EmergencyCall]:
    if not user.is_authenticated or not user.has_perm("reporters.log_emergency_call"):
        return EmergencyCall.objects.none()
    calls = EmergencyCall.objects.select_related("reporter", "logged_by")
    if user.has_perm("reporters.file_report"):
        return calls.filter(reporter=user)
    return calls


def emergency_for_user(user, pk: int) -> EmergencyCall:
    call = emergencies_for(user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call
