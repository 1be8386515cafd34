"""The inbox page: every signed-in user's own notifications."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from residents.notifications import selectors, services

PAGE_SIZE = 30


@require_GET
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "residents/notifications/inbox.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    notification = services.notification_mark_read(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    # Links are written by the product, but a stored link still only leads within the site.
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
def inbox_read_all(request):
    services.notification_mark_read(user=request.user)
    return redirect("notifications:inbox")
