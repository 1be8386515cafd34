"""Request context for audit entries, and refused attempts on resident URLs (ACC-4)."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware
from django.core.exceptions import PermissionDenied
from django.http import Http404

from residents.audit.context import client_address, request_context
from residents.audit.log import record_denied


def _slip_resident(pk):
    from residents.models import Slip

    return Slip.objects.filter(pk=pk).values_list("resident_id", flat=True).first()


def _grant_resident(pk):
    from residents.models import AccessGrant

    return AccessGrant.objects.filter(pk=pk).values_list("resident_id", flat=True).first()


# (URL namespace, keyword argument) → how to find the resident that URL names.
RESIDENT_URL_KWARGS = {
    ("residents", "pk"): lambda pk: pk,
    ("residents", "slip_pk"): _slip_resident,
    ("residents", "grant_pk"): _grant_resident,
}


def resident_url_kwarg(namespace: str, kwarg: str, model_label: str, field: str = "resident_id"):
    """Declare that URLs with `kwarg` name a record whose `field` is a resident's key.

    Called from each app's `AppConfig.ready()`, so a refused request on such a URL is
    recorded against the resident it concerns.
    """
    from django.apps import apps

    def resolve(pk):
        model = apps.get_model(model_label)
        return model._base_manager.filter(pk=pk).values_list(field, flat=True).first()

    RESIDENT_URL_KWARGS[(namespace, kwarg)] = resolve


def resident_named_by(match) -> int | None:
    if match is None:
        return None
    for (namespace, kwarg), resolve in RESIDENT_URL_KWARGS.items():
        if match.namespace == namespace and kwarg in match.kwargs:
            return resolve(match.kwargs[kwarg])
    return None


class AuditlogAddressMiddleware(AuditlogMiddleware):
    """auditlog's middleware with the one client address rule (trusted proxies only).

    auditlog itself believes any X-Forwarded-For and X-Forwarded-Port: a forged header would
    reach the log, and a value that is no address or port would fail the write.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None


class AuditMiddleware:
    """Holds the request's actor and address for audit entries, and records refused attempts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        if not request.user.is_authenticated:
            return None
        resident_pk = resident_named_by(request.resolver_match)
        if resident_pk is None:
            return None
        record_denied(
            actor=request.user,
            resident_pk=resident_pk,
            purpose=request.resolver_match.view_name,
            reason="not_found" if isinstance(exception, Http404) else "forbidden",
            request=request,
        )
        return None
