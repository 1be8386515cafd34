"""The catalogue (档案目录) and the index of volumes (ARC-6), for staff who may view volumes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from archives.models import Volume, VolumeItem
from residents.access.masking import mask_name
from residents.access.policy import policy_for
from residents.people.selectors import residents_search


def may_view_volumes(user) -> bool:
    return user.is_authenticated and user.has_perm("archives.view_volume")


def catalogue(user, *, filters: dict | None = None) -> QuerySet[Volume]:
    """Volumes matching the catalogue's search: a volume, archive or case number, a resident's
    name (the list's name search, among the residents the user may see), a year, a category or
    a class."""
    if not may_view_volumes(user):
        raise PermissionDenied
    filters = filters or {}
    volumes = Volume.objects.all()
    term = (filters.get("q") or "").strip()
    # Volumes holding an item are found through subqueries on the items' indexes: OR-ing
    # joins over the items (and de-duplicating) read every item of every volume.
    if term:
        volumes = volumes.filter(
            Q(number__icontains=term) | Q(title__icontains=term)
            | Q(pk__in=_volumes_of(VolumeItem.objects.filter(
                resident__archive_number__iexact=term
            )))
            | Q(pk__in=_volumes_of(VolumeItem.objects.filter(case__number__iexact=term)))
        )
    name = (filters.get("name") or "").strip()
    if name:
        # The volumes holding the residents found, read once: the page and its count (the
        # paginator's) would each search the names again.
        volumes = volumes.filter(pk__in=list(
            VolumeItem.objects.filter(
                resident__in=residents_search(user, query=name).values("pk")
            ).order_by().values_list("volume_id", flat=True).distinct()
        ))
    for name in ("year", "category", "content_class"):
        if filters.get(name):
            volumes = volumes.filter(**{name: filters[name]})
    return volumes.order_by("-year", "number")


def _volumes_of(items: QuerySet[VolumeItem]) -> QuerySet:
    return items.order_by().values("volume_id")


def index_rows(volumes, *, user=None, name: str = "") -> list[VolumeItem]:
    """The index: each archive and case of these volumes, by number; searched by name, only
    the archives of the residents found, in name order."""
    items = VolumeItem.objects.filter(volume__in=list(volumes)).select_related(
        "volume", "resident", "case", "report"
    )
    name = name.strip()
    if name and user is not None:
        found = residents_search(user, query=name).values("pk")
        return list(items.filter(resident__in=found).order_by(
            "resident__name_sort_key", "volume__number", "pk"
        ))
    return list(items.order_by("volume__number", "pk"))


def index_names(user, items) -> dict[int, str]:
    """The name printed for each archive of the index: in full where the viewer's policy shows
    the resident's basic information, masked (张*) elsewhere."""
    names = {}
    for item in items:
        resident = item.resident
        if resident is None or resident.pk in names:
            continue
        full = policy_for(user, resident).can_see_groups(["basic"])
        names[resident.pk] = resident.name if full else mask_name(resident.name)
    return names
