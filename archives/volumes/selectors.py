"""The catalogue (档案目录) and the index of volumes (ARC-6), for staff who may view volumes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from archives.models import Volume, VolumeItem


def may_view_volumes(user) -> bool:
    return user.is_authenticated and user.has_perm("archives.view_volume")


def catalogue(user, *, filters: dict | None = None) -> QuerySet[Volume]:
    """Volumes matching the catalogue's search: a volume, archive or case number, a year, a
    category or a class."""
    if not may_view_volumes(user):
        raise PermissionDenied
    filters = filters or {}
    volumes = Volume.objects.all()
    term = (filters.get("q") or "").strip()
    if term:
        volumes = volumes.filter(
            Q(number__icontains=term) | Q(title__icontains=term)
            | Q(items__resident__archive_number__iexact=term)
            | Q(items__case__number__iexact=term)
        ).distinct()
    for name in ("year", "category", "content_class"):
        if filters.get(name):
            volumes = volumes.filter(**{name: filters[name]})
    return volumes.order_by("-year", "number")


def index_rows(volumes) -> list[VolumeItem]:
    """The index: each archive and case of these volumes, by number (names are not listed:
    the index prints and circulates)."""
    return list(
        VolumeItem.objects.filter(volume__in=list(volumes))
        .select_related("volume", "resident", "case")
        .order_by("volume__number", "pk")
    )
