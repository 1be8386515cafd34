"""Home pages that other apps offer for their roles (residents never imports those apps).

A provider `(request) -> HttpResponse | None` answers the home page for the users it serves
(the reporters app shows a reporter their own home); the first answer wins, else the usual
home page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse

HomeProvider = Callable[..., HttpResponse | None]
_home_providers: list[HomeProvider] = []


def home_page(provider: HomeProvider) -> None:
    if provider not in _home_providers:
        _home_providers.append(provider)


def home_from_apps(request) -> HttpResponse | None:
    for provider in _home_providers:
        response = provider(request)
        if response is not None:
            return response
    return None
