"""Public forms are limited per client address (ACC-13).

At most PUBLIC_FORM_LIMIT submissions of one form come from one address within
PUBLIC_FORM_WINDOW_MINUTES; the window starts at the address's first submission. Every POST
counts, accepted or refused; reading the form never does. The count is a row in the database
(SubmissionCount), locked while it is read and raised, so that all server processes count the
same submissions. The address is the one residents.audit.context.client_address gives (behind
trusted proxies only, the forwarded one); an IPv6 address counts with its whole /64 network,
which one client can hop across at will.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import math
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from residents.audit.context import client_address, parse_address
from residents.models import SubmissionCount


def _client_key(form: str, request) -> str:
    """The address (an IPv6 one as its /64 network), as a keyed hash."""
    address = parse_address(client_address(request))
    if address is None:
        bucket = "unknown"
    elif address.version == 6:
        bucket = str(ipaddress.ip_network(f"{address}/64", strict=False))
    else:
        bucket = str(address)
    message = f"{form}|{bucket}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def count_submission(*, form: str, request) -> datetime.timedelta | None:
    """Count one submission of `form` from the request's address: None when it is admitted,
    else how long until the address may submit again."""
    now = timezone.now()
    window = datetime.timedelta(minutes=settings.PUBLIC_FORM_WINDOW_MINUTES)
    with transaction.atomic():
        counter, created = SubmissionCount.objects.select_for_update().get_or_create(
            form=form, client=_client_key(form, request), defaults={"window_start": now}
        )
        if created:
            # Counts whose window is over tell nothing any more.
            SubmissionCount.objects.filter(window_start__lte=now - window).delete()
        elif counter.window_start <= now - window:
            counter.window_start, counter.count = now, 0
        if counter.count >= settings.PUBLIC_FORM_LIMIT:
            return counter.window_start + window - now
        counter.count += 1
        counter.save(update_fields=["window_start", "count"])
    return None


def limit_public_submissions(form: str, *, methods: tuple[str, ...] = ("POST",)):
    """Decorate a public form's view: a POST beyond the limit is answered 429, with a page
    saying when to try again, and the view is not called (nothing is saved).

    A public look-up (the verification page) counts its GETs too: `methods=("GET", "POST")`.
    """

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method in methods:
                wait = count_submission(form=form, request=request)
                if wait is not None:
                    minutes = max(1, math.ceil(wait.total_seconds() / 60))
                    response = render(
                        request,
                        "public_form_limited.html",
                        {
                            "limit": settings.PUBLIC_FORM_LIMIT,
                            "window": settings.PUBLIC_FORM_WINDOW_MINUTES,
                            "minutes": minutes,
                            "back": request.path,
                        },
                        status=429,
                    )
                    response["Retry-After"] = str(minutes * 60)
                    return response
            return view(request, *args, **kwargs)

        return limited

    return decorate
