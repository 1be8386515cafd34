"""Archives (ARC): volumes and what is filed in them, access applications, destruction."""

from archives.models.access import AccessApplication
from archives.models.destruction import DestructionBatch, DestructionStatus
from archives.models.handovers import Handover, Inspection
from archives.models.volumes import (
    ArchiveCategory,
    Binding,
    ClassRetention,
    ContentClass,
    Retention,
    Volume,
    VolumeItem,
    VolumeSequence,
)

__all__ = [
    "AccessApplication",
    "ArchiveCategory",
    "Binding",
    "ClassRetention",
    "ContentClass",
    "DestructionBatch",
    "DestructionStatus",
    "Handover",
    "Inspection",
    "Retention",
    "Volume",
    "VolumeItem",
    "VolumeSequence",
]
