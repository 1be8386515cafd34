"""Response headers every dynamic response gets (ACC-11); static files are served before this."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class PrivateResponseMiddleware:
    """No browser or proxy stores a page or file (they show personal data: pages, slip PDFs,
    scans, exports); powerful browser features are switched off (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
