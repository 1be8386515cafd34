"""A destroyed resident in the archives' own records: a volume item keeps naming the archive
(the destruction register lists it) while its description loses the resident's values."""

from __future__ import annotations

from archives.models import VolumeItem
from residents.models import Resident
from residents.people.erasure import Traces, register_eraser, scrub_texts


def resident_volume_items_erase(resident: Resident, traces: Traces) -> None:
    scrub_texts(VolumeItem.objects.filter(resident=resident), ["contents"], traces)


def register() -> None:
    register_eraser(label="archives", models=(VolumeItem,))(resident_volume_items_erase)
