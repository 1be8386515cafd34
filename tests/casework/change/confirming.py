"""Posting a change request form the way a clerk does: the form, then its confirmation step."""

from __future__ import annotations


def post_confirmed(client, url: str, data: dict):
    """Post the form; when the confirmation step answers, confirm exactly what it shows."""
    response = client.post(url, data)
    context = getattr(response, "context", None)
    if response.status_code != 200 or context is None or "confirmation" not in context:
        return response
    confirmed = {}
    for name, value in context["hidden"]:
        confirmed.setdefault(name, []).append(value)
    confirmed.update(confirmation=context["confirmation"], confirmed="1")
    return client.post(url, confirmed)
