"""The one path converter for record numbers in URLs (`<id:pk>`).

Keys are PostgreSQL bigints: a number beyond 2**63 - 1 names no record, so the converter does
not match it and the URL answers 404 before any view or database lookup sees it. Registered
once, in ResidentsConfig.ready(), for every app's URL modules.
"""

from __future__ import annotations

MAX_KEY = 2**63 - 1


class KeyConverter:
    """Matches a record number the database can hold: 0 … 2**63 - 1."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_KEY:
            raise ValueError(f"{value} is beyond the largest key")
        return number

    def to_url(self, value) -> str:
        number = int(value)
        if not 0 <= number <= MAX_KEY:
            raise ValueError(f"{value} is no record number")
        return str(number)


def register() -> None:
    """Make `<id:…>` available to the URL modules; called once from ResidentsConfig.ready()."""
    from django.urls import register_converter
    from django.urls.converters import get_converters

    if "id" not in get_converters():
        register_converter(KeyConverter, "id")
